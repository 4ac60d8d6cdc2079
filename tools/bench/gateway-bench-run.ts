// Bundled and driven by gateway-bench.mjs: writes the objects the gateway routes by (in the platform the Route
// and ServerlessService reconcilers write them) and waits until the gateway reports the Ingress Ready.
import { type KubeObject, connect, isAlreadyExists } from '@kuack/controller';

const INGRESS = { apiVersion: 'networking.internal.knative.dev/v1alpha1', kind: 'Ingress' };

async function create(client: ReturnType<typeof connect>, obj: KubeObject): Promise<void> {
  try {
    await client.create(obj);
  } catch (err) {
    if (!isAlreadyExists(err)) throw err;
  }
}

export async function setup(kubeconfigPath: string, upstreamPort: number, host: string): Promise<void> {
  const client = connect({ kubeconfigPath });
  const ns = 'bench';
  await create(client, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
  await create(client, {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'upstream', namespace: ns },
    spec: { ports: [{ name: 'http', port: 80 }] },
  } as KubeObject);
  await create(client, {
    apiVersion: 'v1',
    kind: 'Endpoints',
    metadata: { name: 'upstream', namespace: ns },
    subsets: [{ addresses: [{ ip: '127.0.0.1' }], ports: [{ name: 'http', port: upstreamPort }] }],
  } as KubeObject);
  await create(client, {
    ...INGRESS,
    metadata: {
      name: 'upstream',
      namespace: ns,
      annotations: { 'networking.knative.dev/ingress.class': 'kuack.ingress.networking.knative.dev' },
    },
    spec: {
      rules: [
        {
          hosts: [host],
          visibility: 'ExternalIP',
          http: {
            paths: [
              {
                splits: [
                  {
                    serviceNamespace: ns,
                    serviceName: 'upstream',
                    servicePort: 80,
                    percent: 100,
                    appendHeaders: {
                      'Knative-Serving-Revision': 'upstream',
                      'Knative-Serving-Namespace': ns,
                    },
                  },
                ],
              },
            ],
          },
        },
      ],
    },
  } as KubeObject);
  const deadline = Date.now() + 30_000;
  for (;;) {
    const ing = await client.get<
      KubeObject & { status?: { conditions?: Array<{ type: string; status: string }> } }
    >(INGRESS, 'upstream', ns);
    if (ing.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True')) return;
    if (Date.now() > deadline) throw new Error('the gateway did not mark the Ingress Ready within 30 s');
    await new Promise((r) => setTimeout(r, 100));
  }
}
