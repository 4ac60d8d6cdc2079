import type { KubeClient, KubeObject } from '@kuack/controller';
import type { ConfigMapSeed } from '@kuack/apiserver';

// Kept in step with @kuack/apiserver's knative-config.ts (the CLI loads that lib lazily: it brings SQLite).
const GATEWAY_HTTP_PORT_KEY = 'kuack-gateway-http-port';
export const LOCAL_QUEUE_PROXY_IMAGE = 'kuack.local/queue-proxy:dev';

const CRD = { apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition' };
const NAMESPACE = { apiVersion: 'v1', kind: 'Namespace' };
const CONFIG_MAP = { apiVersion: 'v1', kind: 'ConfigMap' };

export interface InstallOptions {
  /** CRDs to install or upgrade (the embedded cluster installs them itself: leave them out there). */
  crds?: KubeObject[];
  /** Where Knative's serving config maps live (SYSTEM_NAMESPACE; knative-serving by default). */
  servingNamespace: string;
  eventingNamespace: string;
  localMode: boolean;
  gatewayHttpPort: number;
  queueProxyImage?: string;
}

/**
 * Keys `kuack up` owns in local mode: they follow its flags, so they are rewritten at every start, while every
 * other key of Knative's config maps is created once and then left to the user.
 */
export function localConfigOverrides(options: InstallOptions): Record<string, Record<string, string>> {
  if (!options.localMode) return {};
  return {
    'config-network': { [GATEWAY_HTTP_PORT_KEY]: String(options.gatewayHttpPort) },
    'config-deployment': { 'queue-sidecar-image': options.queueProxyImage ?? LOCAL_QUEUE_PROXY_IMAGE },
  };
}

// Typed errors of @kuack/controller carry their class name; matching it keeps that lib out of CLI start-up.
function orMissing(err: unknown): undefined {
  if ((err as Error)?.name === 'NotFoundError') return undefined;
  throw err;
}

async function applyCrds(client: KubeClient, crds: KubeObject[]): Promise<void> {
  for (const crd of crds) {
    const name = crd.metadata.name!;
    const existing = await client.get(CRD, name).catch(orMissing);
    if (!existing) await client.create({ ...CRD, ...crd });
    else if (
      JSON.stringify(existing.spec) !==
      JSON.stringify({ ...(existing.spec as object), ...(crd.spec as object) })
    )
      await client.update({ ...existing, spec: crd.spec });
  }
  const deadline = Date.now() + 30_000;
  for (const crd of crds) {
    for (;;) {
      const current = await client.get<
        KubeObject & { status?: { conditions?: { type: string; status: string }[] } }
      >(CRD, crd.metadata.name!);
      if (current.status?.conditions?.some((c) => c.type === 'Established' && c.status === 'True')) break;
      if (Date.now() > deadline) throw new Error(`CRD ${crd.metadata.name} is not Established after 30 s`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

async function ensureNamespace(client: KubeClient, name: string): Promise<void> {
  await client.create({ ...NAMESPACE, metadata: { name } }).catch((err: unknown) => {
    if ((err as Error)?.name !== 'AlreadyExistsError') throw err;
  });
}

/**
 * What the platform needs in an API server before its node reports Ready: the CRDs (external API servers
 * only), the system namespaces and Knative's config maps, with the keys local mode owns brought up to date.
 */
export async function installPlatform(
  client: KubeClient,
  options: InstallOptions,
  seeds: ConfigMapSeed[],
): Promise<void> {
  if (options.crds) await applyCrds(client, options.crds);
  await ensureNamespace(client, options.servingNamespace);
  await ensureNamespace(client, options.eventingNamespace);
  const overrides = localConfigOverrides(options);
  for (const seed of seeds) {
    const namespace =
      seed.namespace === 'knative-serving' ? options.servingNamespace : options.eventingNamespace;
    const wanted = { ...seed.data, ...(overrides[seed.name] ?? {}) };
    const existing = await client
      .get<KubeObject & { data?: Record<string, string> }>(CONFIG_MAP, seed.name, namespace)
      .catch(orMissing);
    if (!existing) {
      await client.create({
        ...CONFIG_MAP,
        metadata: { name: seed.name, namespace, labels: { 'app.kubernetes.io/part-of': 'kuack' } },
        data: wanted,
      });
      continue;
    }
    const changed = Object.entries(overrides[seed.name] ?? {}).filter(([k, v]) => existing.data?.[k] !== v);
    if (changed.length > 0)
      await client.patch(CONFIG_MAP, seed.name, namespace, { data: Object.fromEntries(changed) }, 'merge');
  }
}
