// Bundled and driven by dataplane-bench.mjs: writes the Revision and its private Endpoints the activator reads
// (in the platform the Revision comes from a Configuration and the endpoints controller writes the Endpoints).
import { type KubeObject, connect, isAlreadyExists } from '@kuack/controller';

async function create(client: ReturnType<typeof connect>, obj: KubeObject): Promise<void> {
  try {
    await client.create(obj);
  } catch (err) {
    if (!isAlreadyExists(err)) throw err;
  }
}

export async function setup(kubeconfigPath: string, queueProxyPort: number): Promise<void> {
  const client = connect({ kubeconfigPath });
  const ns = 'bench';
  await create(client, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
  await create(client, {
    apiVersion: 'serving.knative.dev/v1',
    kind: 'Revision',
    metadata: {
      name: 'hello-00001',
      namespace: ns,
    },
    spec: { containerConcurrency: 0, timeoutSeconds: 300, containers: [{ image: 'example.com/hello:1' }] },
  });
  await create(client, {
    apiVersion: 'v1',
    kind: 'Endpoints',
    metadata: {
      name: 'hello-00001-private',
      namespace: ns,
      labels: { 'serving.knative.dev/revision': 'hello-00001' },
    },
    subsets: [{ addresses: [{ ip: '127.0.0.1' }], ports: [{ name: 'http', port: queueProxyPort }] }],
  });
}
