// The admission webhook against the real kube-apiserver of tools/testenv: kube-apiserver calls it over HTTPS
// (clientConfig.url https://127.0.0.1:<port>, the CA patched into the configurations at start). An invalid
// Service is rejected naming the field; a valid one is stored with Knative's defaults.
// On the shared test cluster the configurations get test-only names and a namespace selector matching only
// this test's namespace, and are deleted afterwards, so other tests never call this webhook.
import fs from 'node:fs';
import path from 'node:path';
import { type KubeClient, type KubeObject, connect } from '@kuack/controller';
import { eventually, requireServices } from '@kuack/testenv';
import pino from 'pino';
import { parse as parseYaml } from 'yaml';
import { MUTATING_GVK, VALIDATING_GVK } from './webhook-configurations';
import { type WebhookServer, startWebhook } from './webhook-server';

jest.setTimeout(120_000);

const ROOT = path.resolve(__dirname, '../../../..');
const NS = `h3-webhook-int-${process.pid}`;
const MUTATING = `h3-${process.pid}.webhook.serving.knative.dev`;
const VALIDATING = `h3-${process.pid}.validation.webhook.serving.knative.dev`;
const CRD = { apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition' };
const KSVC = { apiVersion: 'serving.knative.dev/v1', kind: 'Service' };
const NAMESPACE = { apiVersion: 'v1', kind: 'Namespace' };
const logger = pino({ level: process.env.LOG_LEVEL ?? 'silent' });

let client: KubeClient;
let webhook: WebhookServer;

function ksvc(name: string, templateSpec: Record<string, unknown>) {
  return { ...KSVC, metadata: { name, namespace: NS }, spec: { template: { spec: templateSpec } } };
}

beforeAll(async () => {
  const env = await requireServices(['kube']);
  client = connect({ kubeconfigPath: env.kube.kubeconfigPath, userAgent: 'webhook-int' });
  const file = 'services.serving.knative.dev.yaml';
  const crd = parseYaml(
    fs.readFileSync(path.join(ROOT, 'charts/kuack/files/crds', file), 'utf8'),
  ) as KubeObject;
  await client.create(crd).catch(() => undefined);
  await eventually(async () => {
    const got = (await client.get(CRD, 'services.serving.knative.dev')) as KubeObject & {
      status?: { conditions?: { type: string; status: string }[] };
    };
    if (!got.status?.conditions?.some((c) => c.type === 'Established' && c.status === 'True'))
      throw new Error('CRD not Established');
  });
  await client.create({ ...NAMESPACE, metadata: { name: NS, labels: { 'kuack.dev/h3-webhook-test': NS } } });
  webhook = await startWebhook({
    client,
    logger,
    address: '127.0.0.1:0',
    secretNamespace: NS,
    configurations: {
      mutatingName: MUTATING,
      validatingName: VALIDATING,
      namespaceSelector: { matchLabels: { 'kuack.dev/h3-webhook-test': NS } },
    },
  });
});

afterAll(async () => {
  await client?.delete(MUTATING_GVK, MUTATING).catch(() => undefined);
  await client?.delete(VALIDATING_GVK, VALIDATING).catch(() => undefined);
  await webhook?.stop();
  await client?.delete(NAMESPACE, NS).catch(() => undefined);
});

test('the configurations carry the CA and point at the webhook URL', async () => {
  const m = await client.get(MUTATING_GVK, MUTATING);
  const hook = (m.webhooks as { clientConfig: { url: string; caBundle: string } }[])[0];
  expect(hook.clientConfig.url).toBe(`https://127.0.0.1:${webhook.port}/defaulting`);
  expect(Buffer.from(hook.clientConfig.caBundle, 'base64').toString()).toBe(webhook.caPem);
  const v = await client.get(VALIDATING_GVK, VALIDATING);
  expect((v.webhooks as { clientConfig: { url: string } }[])[0].clientConfig.url).toBe(
    `https://127.0.0.1:${webhook.port}/validation`,
  );
});

test('the CA and certificate are kept in a Secret and reused by the next start', async () => {
  const secret = await client.get<KubeObject & { data?: Record<string, string> }>(
    { apiVersion: 'v1', kind: 'Secret' },
    'serving-webhook-certs',
    NS,
  );
  expect(Buffer.from(secret.data?.['ca-cert.pem'] ?? '', 'base64').toString()).toBe(webhook.caPem);
  const second = await startWebhook({
    client,
    logger,
    address: '127.0.0.1:0',
    secretNamespace: NS,
    configurations: {
      mutatingName: MUTATING,
      validatingName: VALIDATING,
      namespaceSelector: { matchLabels: { 'kuack.dev/h3-webhook-test': NS } },
    },
  });
  try {
    expect(second.caPem).toBe(webhook.caPem);
  } finally {
    await second.stop();
  }
  // The second start pointed the configurations at itself; point them back at the first.
  await webhook.stop();
  webhook = await startWebhook({
    client,
    logger,
    address: '127.0.0.1:0',
    secretNamespace: NS,
    configurations: {
      mutatingName: MUTATING,
      validatingName: VALIDATING,
      namespaceSelector: { matchLabels: { 'kuack.dev/h3-webhook-test': NS } },
    },
  });
});

test('kube-apiserver rejects an invalid Service with the field named', async () => {
  const err = await eventually(async () => {
    try {
      await client.create(ksvc('too-slow', { containers: [{ image: 'x' }], timeoutSeconds: 6000 }));
    } catch (e) {
      return e as Error;
    }
    await client.delete(KSVC, 'too-slow', NS);
    throw new Error('the invalid Service was accepted (webhook not called yet?)');
  });
  expect(err.message).toContain(`admission webhook "${VALIDATING}" denied the request: validation failed`);
  expect(err.message).toContain('spec.template.spec.timeoutSeconds');
});

test("a valid Service is stored with Knative's defaults", async () => {
  const created = await client.create<KubeObject>(
    ksvc('hello', { containers: [{ image: 'kuack.local/hello:dev' }] }),
  );
  const spec = created.spec as {
    traffic: unknown[];
    template: {
      spec: { containers: { name: string }[]; timeoutSeconds: number; containerConcurrency: number };
    };
  };
  expect(spec.traffic).toEqual([{ latestRevision: true, percent: 100 }]);
  expect(spec.template.spec.containers[0].name).toBe('user-container');
  expect(spec.template.spec.timeoutSeconds).toBe(300);
  expect(spec.template.spec.containerConcurrency).toBe(0);
  expect(created.metadata.annotations?.['serving.knative.dev/creator']).toBeTruthy();
});
