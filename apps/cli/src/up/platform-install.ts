import path from 'node:path';
import type { ComponentSpec } from '@kuack/supervisor';
import { kubeconfigOf, type UpOptions } from './components';
import { LOCAL_QUEUE_PROXY_IMAGE, installPlatform } from './install';

/** Installs what the platform needs into its API server (see installPlatform). */
export async function installIntoApiServer(options: UpOptions): Promise<void> {
  const [{ connect }, { knativeConfigMaps, readCrdManifests }] = await Promise.all([
    import('@kuack/controller'),
    import('@kuack/apiserver'),
  ]);
  await installPlatform(
    connect({ kubeconfigPath: kubeconfigOf(options) }),
    {
      // The embedded cluster installs the CRDs itself before it reports ready.
      crds: options.externalKubeconfig
        ? readCrdManifests(path.join(options.rootDir, 'charts/kuack/files/crds'))
        : undefined,
      servingNamespace: options.systemNamespace,
      eventingNamespace: 'knative-eventing',
      localMode: true,
      gatewayHttpPort: options.gatewayHttpPort,
    },
    knativeConfigMaps(true),
  );
}

/**
 * The node must report Ready only after the CRDs and config maps are in place: on the embedded cluster the
 * install runs as the last step of the cluster's readiness, so the node agent starts after it.
 */
export function withPlatformInstall(specs: ComponentSpec[], options: UpOptions): ComponentSpec[] {
  return specs.map((spec) => {
    if (spec.name !== 'embedded-cluster' || !spec.ready) return spec;
    const clusterReady = spec.ready;
    return {
      ...spec,
      ready: async (signal) => {
        await clusterReady(signal);
        await installIntoApiServer(options);
      },
    };
  });
}

/** Stores the bundled queue-proxy as the local image every revision Pod runs beside the user container. */
export async function storeQueueProxyImage(options: UpOptions): Promise<string> {
  const { ImageStore, storeNodeProgramImage } = await import('@kuack/oci');
  const descriptor = await storeNodeProgramImage(await ImageStore.open(options.imageStore), {
    reference: LOCAL_QUEUE_PROXY_IMAGE,
    file: path.join(options.rootDir, 'dist/apps/queue-proxy/main.js'),
    name: 'queue-proxy',
  });
  return descriptor.digest;
}
