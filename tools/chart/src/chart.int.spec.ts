import fs from 'node:fs';
import path from 'node:path';
import { connect, type KubeClient } from '@kuack/controller';
import { requireServices } from '@kuack/testenv';
import { CHART_DIR, type Manifest, find, helm, permissions, render } from './render';

// charts/kuack through the real helm (testenv `tools`): lint, the rendered objects, the values schema, and the
// whole render accepted by the testenv's real kube-apiserver (server-side dry run).

interface Container {
  name: string;
  image: string;
  args?: string[];
  ports?: { name?: string; containerPort: number }[];
}
interface PodTemplate {
  metadata: { labels: Record<string, string> };
  spec: { serviceAccountName?: string; containers: Container[] };
}
interface ServiceSpec {
  type?: string;
  selector?: Record<string, string>;
  ports: { name?: string; port: number; targetPort?: number | string; nodePort?: number }[];
}

const CRD_FILES = fs.readdirSync(path.join(CHART_DIR, 'files/crds')).filter((f) => f.endsWith('.yaml'));
const podTemplate = (d: Manifest) => (d.spec as { template: PodTemplate }).template;
const container = (d: Manifest) => podTemplate(d).spec.containers[0];
const serviceSpec = (s: Manifest) => s.spec as ServiceSpec;
const names = (objects: Manifest[], kind: string) =>
  objects
    .filter((o) => o.kind === kind)
    .map((o) => o.metadata.name)
    .sort();

beforeAll(() => requireServices(['tools', 'kube']), 900_000);

describe('charts/kuack', () => {
  let objects: Manifest[];
  beforeAll(async () => {
    objects = await render();
  }, 60_000);

  it('passes helm lint', async () => {
    const r = await helm(['lint', CHART_DIR]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('1 chart(s) linted, 0 chart(s) failed');
  }, 60_000);

  it('renders the serving components, their Services and Knative config maps in the system namespace', () => {
    expect(names(objects, 'Deployment')).toEqual(['activator', 'gateway', 'serving-controller']);
    expect(names(objects, 'Service')).toEqual([
      'activator-service',
      'autoscaler',
      'kuack-gateway',
      'kuack-gateway-internal',
      'webhook',
    ]);
    expect(names(objects, 'ServiceAccount')).toEqual(['activator', 'gateway', 'serving-controller']);
    expect(names(objects, 'ClusterRole')).toEqual([
      'kuack-activator',
      'kuack-gateway',
      'kuack-serving-controller',
    ]);
    expect(names(objects, 'ConfigMap')).toEqual(['config-deployment', 'config-network']);
    expect(names(objects, 'Namespace')).toEqual(['knative-serving']);
    for (const o of objects.filter((o) => !['Namespace', 'CustomResourceDefinition'].includes(o.kind)))
      if (!o.kind.startsWith('Cluster'))
        expect(`${o.kind}/${o.metadata.name} ${o.metadata.namespace}`).toBe(
          `${o.kind}/${o.metadata.name} knative-serving`,
        );
  });

  it('labels every object app.kubernetes.io/*', () => {
    for (const o of objects)
      expect({ object: `${o.kind}/${o.metadata.name}`, labels: o.metadata.labels }).toEqual({
        object: `${o.kind}/${o.metadata.name}`,
        labels: expect.objectContaining({
          'app.kubernetes.io/name': 'kuack',
          'app.kubernetes.io/instance': 'kuack-test',
          'app.kubernetes.io/managed-by': 'Helm',
          'app.kubernetes.io/part-of': 'kuack',
        }),
      });
  });

  it('gives the activator the Service the ServerlessService reconciler reads: http 80 → 8012, selecting its Pods', () => {
    const svc = serviceSpec(find(objects, 'Service', 'activator-service'));
    expect(svc.ports).toEqual([{ name: 'http', port: 80, targetPort: 8012 }]);
    const pods = podTemplate(find(objects, 'Deployment', 'activator'));
    expect(Object.keys(svc.selector ?? {}).length).toBeGreaterThan(0);
    expect(pods.metadata.labels).toEqual(expect.objectContaining(svc.selector));
    const activator = container(find(objects, 'Deployment', 'activator'));
    expect(activator.ports).toEqual([{ name: 'http', containerPort: 8012 }]);
    expect(activator.args).not.toContain('--register-endpoints');
    expect(activator.args).toEqual(
      expect.arrayContaining(['$(POD_IP):8012', 'http://autoscaler.knative-serving.svc.cluster.local:8080']),
    );
  });

  it('wires the serving-controller to its webhook and autoscaler Services', () => {
    const controller = find(objects, 'Deployment', 'serving-controller');
    const args = container(controller).args ?? [];
    expect(args.join(' ')).toContain('--webhook-service knative-serving/webhook:443');
    expect(args.join(' ')).toContain('--system-namespace knative-serving');
    const labels = podTemplate(controller).metadata.labels;
    for (const name of ['webhook', 'autoscaler']) {
      const svc = serviceSpec(find(objects, 'Service', name));
      expect(labels).toEqual(expect.objectContaining(svc.selector));
    }
    expect(serviceSpec(find(objects, 'Service', 'webhook')).ports).toEqual([
      { name: 'https-webhook', port: 443, targetPort: 'https-webhook' },
    ]);
    expect(podTemplate(controller).spec.serviceAccountName).toBe('serving-controller');
  });

  it('gives the serving-controller exactly the RBAC its controllers and webhook use', () => {
    const cluster = permissions(find(objects, 'ClusterRole', 'kuack-serving-controller'));
    const all = ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'];
    for (const r of ['services', 'configurations', 'routes', 'revisions', 'domainmappings'])
      expect(cluster[`serving.knative.dev/${r}`]).toEqual(all);
    expect(cluster['serving.knative.dev/services/status']).toEqual(['get', 'patch', 'update']);
    expect(cluster['autoscaling.internal.knative.dev/podautoscalers']).toEqual(all);
    expect(cluster['networking.internal.knative.dev/ingresses']).toEqual(all);
    expect(cluster['networking.internal.knative.dev/serverlessservices']).toEqual(all);
    expect(cluster['apps/deployments']).toEqual(all);
    expect(cluster['services']).toEqual(all);
    expect(cluster['endpoints']).toEqual(all);
    expect(cluster['pods']).toEqual(['get', 'list', 'watch']);
    expect(cluster['events']).toEqual(['create', 'patch']);
    for (const kind of ['mutating', 'validating'])
      expect(cluster[`admissionregistration.k8s.io/${kind}webhookconfigurations`]).toEqual([
        'create',
        'get',
        'update',
      ]);
    // Secrets, config maps and Leases only in the system namespace.
    expect(cluster['secrets']).toBeUndefined();
    expect(cluster['configmaps']).toBeUndefined();
    const role = find(objects, 'Role', 'kuack-serving-controller');
    expect(role.metadata.namespace).toBe('knative-serving');
    expect(permissions(role)).toEqual({
      configmaps: ['get', 'list', 'watch'],
      secrets: ['create', 'get', 'update'],
      'coordination.k8s.io/leases': ['create', 'get', 'update'],
    });
    const binding = find(objects, 'ClusterRoleBinding', 'kuack-serving-controller') as unknown as {
      subjects: unknown[];
    };
    expect(binding.subjects).toEqual([
      { kind: 'ServiceAccount', name: 'serving-controller', namespace: 'knative-serving' },
    ]);
  });

  it('keeps the activator and the gateway read-only except the KIngress status', () => {
    expect(permissions(find(objects, 'ClusterRole', 'kuack-activator'))).toEqual({
      'serving.knative.dev/revisions': ['get', 'list', 'watch'],
      endpoints: ['get', 'list', 'watch'],
    });
    expect(permissions(find(objects, 'ClusterRole', 'kuack-gateway'))).toEqual({
      'networking.internal.knative.dev/ingresses': ['get', 'list', 'watch'],
      'networking.internal.knative.dev/ingresses/status': ['get', 'patch', 'update'],
      endpoints: ['get', 'list', 'watch'],
      secrets: ['get', 'list', 'watch'],
      events: ['create', 'patch'],
    });
    for (const role of objects.filter((o) => o.kind.endsWith('Role')))
      expect(JSON.stringify(role)).not.toContain('"*"');
  });

  it("sets config-network's ingress class and config-deployment's queue-proxy image from the values", async () => {
    expect(find(objects, 'ConfigMap', 'config-network').data).toEqual({
      'ingress-class': 'kuack.ingress.networking.knative.dev',
    });
    const custom = await render(
      { 'image.registry': 'registry.test/team/', 'image.tag': 'v9' },
      {
        config: {
          network: { 'domain-template': '{{.Name}}-{{.Namespace}}.{{.Domain}}' },
          domain: { 'example.org': '' },
        },
      },
    );
    expect(find(custom, 'ConfigMap', 'config-deployment').data).toEqual(
      expect.objectContaining({ 'queue-sidecar-image': 'registry.test/team/queue-proxy:v9' }),
    );
    expect(find(custom, 'ConfigMap', 'config-network').data).toEqual({
      'ingress-class': 'kuack.ingress.networking.knative.dev',
      'domain-template': '{{.Name}}-{{.Namespace}}.{{.Domain}}',
    });
    expect(find(custom, 'ConfigMap', 'config-domain').data).toEqual({ 'example.org': '' });
    for (const d of custom.filter((o) => o.kind === 'Deployment'))
      expect(container(d).image).toBe(`registry.test/team/${d.metadata.name}:v9`);
  }, 60_000);

  it('installs every CRD of files/crds by default, kept on uninstall, and none with crds.install=false', async () => {
    const crds = objects.filter((o) => o.kind === 'CustomResourceDefinition');
    expect(crds.map((c) => `${c.metadata.name}.yaml`).sort()).toEqual([...CRD_FILES].sort());
    expect(crds.length).toBeGreaterThanOrEqual(20);
    for (const crd of crds) expect(crd.metadata.annotations?.['helm.sh/resource-policy']).toBe('keep');
    const services = crds.find((c) => c.metadata.name === 'services.serving.knative.dev')!;
    expect(services.metadata.labels?.['duck.knative.dev/podspecable']).toBe('true');

    const without = await render({ 'crds.install': false });
    expect(without.filter((o) => o.kind === 'CustomResourceDefinition')).toEqual([]);
    expect(names(without, 'Deployment')).toHaveLength(3);
    const notKept = await render({ 'crds.keep': false });
    expect(notKept.filter((o) => o.metadata.annotations?.['helm.sh/resource-policy'] !== undefined)).toEqual(
      [],
    );
  }, 60_000);

  it('makes the gateway Service a LoadBalancer by default and a NodePort with fixed ports on demand', async () => {
    const lb = serviceSpec(find(objects, 'Service', 'kuack-gateway'));
    expect(lb.type).toBe('LoadBalancer');
    expect(lb.ports).toEqual([
      { name: 'http', port: 80, targetPort: 'http' },
      { name: 'https', port: 443, targetPort: 'https' },
    ]);
    const nodePort = await render({
      'gateway.service.type': 'NodePort',
      'gateway.service.httpNodePort': 30080,
      'gateway.service.httpsNodePort': 30443,
    });
    const np = serviceSpec(find(nodePort, 'Service', 'kuack-gateway'));
    expect(np.type).toBe('NodePort');
    expect(np.ports.map((p) => [p.port, p.nodePort])).toEqual([
      [80, 30080],
      [443, 30443],
    ]);
  }, 60_000);

  it('leaves the webhook out with servingController.webhook.enabled=false', async () => {
    const off = await render({ 'servingController.webhook.enabled': false });
    expect(names(off, 'Service')).not.toContain('webhook');
    expect(container(find(off, 'Deployment', 'serving-controller')).args).not.toContain('--webhook-address');
    const cluster = permissions(find(off, 'ClusterRole', 'kuack-serving-controller'));
    expect(Object.keys(cluster).filter((k) => k.startsWith('admissionregistration'))).toEqual([]);
  }, 60_000);

  it('refuses values the schema does not allow, naming the field', async () => {
    const r = await helm(['template', 'x', CHART_DIR, '--set', 'gateway.service.type=Ingress']);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('/gateway/service/type');
    const typo = await helm(['template', 'x', CHART_DIR, '--set', 'crds.instal=false']);
    expect(typo.code).not.toBe(0);
    expect(typo.stderr).toContain('instal');
  }, 60_000);
});

describe('charts/kuack on the real kube-apiserver', () => {
  const namespace = `chart-test-${process.pid}`;
  let client: KubeClient;
  beforeAll(async () => {
    client = connect({ kubeconfigPath: process.env.KUBECONFIG });
    await client.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace } });
  }, 60_000);
  afterAll(async () => {
    await client?.delete({ apiVersion: 'v1', kind: 'Namespace' }, namespace).catch(() => undefined);
  });

  it('accepts every rendered object (CRDs, RBAC, config maps, Deployments, Services) in a server-side dry run', async () => {
    const objects = await render({ systemNamespace: namespace, createNamespace: false });
    const refused: string[] = [];
    for (const o of objects) {
      const { apiVersion, kind } = o;
      await client
        .patch({ apiVersion, kind }, o.metadata.name, o.metadata.namespace, o, 'apply', {
          dryRun: true,
          force: true,
          fieldManager: 'kuack-chart-test',
        })
        .catch((err: Error) => refused.push(`${kind}/${o.metadata.name}: ${err.message}`));
    }
    expect(refused).toEqual([]);
    expect(objects.length).toBeGreaterThan(30);
  }, 120_000);
});
