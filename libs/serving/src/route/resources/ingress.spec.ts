import { defaultNetwork, domainConfig } from '@kuack/controller';
import { configuration, revision, route } from '../../testing/fixtures';
import { expandedHosts, domainNameFor, hostnameFor, urlFor } from '../domains';
import { buildTrafficConfiguration } from '../traffic';
import { httpOptionFor, makeIngress } from './ingress';

const settings = { network: defaultNetwork(), domain: domainConfig.parse({ 'example.com': '' }) };
const lister = <T extends { metadata: { name?: string; namespace?: string } }>(objs: T[]) => ({
  get: (key: string) => objs.find((o) => `${o.metadata.namespace}/${o.metadata.name}` === key),
  list: () => objs,
});

describe('route domains', () => {
  it('expands a cluster-local host with its short names, and leaves other hosts alone', () => {
    expect(expandedHosts(['hello.default.svc.cluster.local'])).toEqual([
      'hello.default',
      'hello.default.svc',
      'hello.default.svc.cluster.local',
    ]);
    expect(expandedHosts(['hello.default.example.com'])).toEqual(['hello.default.example.com']);
  });

  it('renders tag hosts with the tag template and custom domain templates with labels', () => {
    const network = {
      ...defaultNetwork(),
      tagTemplate: '{{.Name}}-at-{{.Tag}}',
      domainTemplate: '{{.Name}}-{{.Namespace}}.{{.Domain}}',
    };
    const s = { ...settings, network };
    expect(hostnameFor(s, 'hello', 'v2')).toBe('hello-at-v2');
    expect(domainNameFor(s, { name: 'hello', namespace: 'ns' }, 'hello-at-v2')).toBe(
      'hello-at-v2-ns.example.com',
    );
    // Cluster-local names always use Knative's default template.
    expect(
      domainNameFor(
        s,
        { name: 'hello', namespace: 'ns', labels: { 'networking.knative.dev/visibility': 'cluster-local' } },
        'hello',
      ),
    ).toBe('hello.ns.svc.cluster.local');
  });

  it('adds the local-mode port to external URLs only, and the external scheme from config-network', () => {
    const s = {
      ...settings,
      network: { ...defaultNetwork(), gatewayHttpPort: 8080, defaultExternalScheme: 'https' },
    };
    expect(urlFor(s, 'hello.default.localhost', 'ExternalIP')).toBe('https://hello.default.localhost:8080');
    expect(urlFor(s, 'hello.default.svc.cluster.local', 'ClusterLocal')).toBe(
      'http://hello.default.svc.cluster.local',
    );
    expect(
      urlFor({ ...settings, network: { ...defaultNetwork(), gatewayHttpPort: 80 } }, 'a.b.c', 'ExternalIP'),
    ).toBe('http://a.b.c');
  });
});

describe('makeIngress', () => {
  const rt = route(
    'hello',
    {
      traffic: [
        { revisionName: 'hello-00001', percent: 100 },
        { revisionName: 'hello-00002', percent: 0, tag: 'next' },
      ],
    },
    {
      annotations: {
        'networking.knative.dev/ingress.class': 'other.ingress',
        'networking.knative.dev/ingress-class': 'alt',
        'networking.knative.dev/http-protocol': 'Redirected',
      },
    },
  );
  const h2c = revision('hello-00002', {
    ready: 'True',
    generation: 2,
    service: '',
    spec: { containers: [{ image: 'i', ports: [{ name: 'h2c', containerPort: 8080 }] }] },
  });
  const tc = buildTrafficConfiguration(
    rt,
    lister([configuration('hello')]),
    lister([revision('hello-00001', { ready: 'True', service: '' }), h2c]),
  );

  it('resolves every target', () => expect(tc.error).toBeUndefined());

  it('with tag-header-based routing: tag paths by Knative-Serving-Tag first on the main host, tag rules append it', () => {
    const ing = makeIngress(rt, tc, {
      ...settings,
      ingressClass: 'kuack',
      visibility: new Map(),
      tagHeaderBasedRouting: true,
    });
    const main = ing.spec?.rules?.find(
      (r) => r.visibility === 'ExternalIP' && r.hosts?.[0] === 'hello.default.example.com',
    );
    expect(
      main?.http?.paths.map((p) => ({
        headers: p.headers,
        appendHeaders: p.appendHeaders,
        to: p.splits.map((s) => s.serviceName),
      })),
    ).toEqual([
      {
        headers: { 'Knative-Serving-Tag': { exact: 'next' } },
        appendHeaders: undefined,
        to: ['hello-00002'],
      },
      { headers: undefined, appendHeaders: { 'Knative-Serving-Default-Route': 'true' }, to: ['hello-00001'] },
    ]);
    const tag = ing.spec?.rules?.find((r) => r.hosts?.[0] === 'next-hello.default.example.com');
    expect(tag?.http?.paths[0].appendHeaders).toEqual({ 'Knative-Serving-Tag': 'next' });
  });

  it('uses port 81 for an h2c revision, the Route class annotation over config-network, drops the alt key, honours http-protocol', () => {
    const ing = makeIngress(rt, tc, { ...settings, ingressClass: 'kuack', visibility: new Map() });
    const tag = ing.spec?.rules?.find((r) => r.hosts?.[0] === 'next-hello.default.example.com');
    expect(tag?.http?.paths[0].splits).toEqual([
      {
        serviceNamespace: 'default',
        serviceName: 'hello-00002',
        servicePort: 81,
        percent: 100,
        appendHeaders: { 'Knative-Serving-Revision': 'hello-00002', 'Knative-Serving-Namespace': 'default' },
      },
    ]);
    expect(ing.metadata.annotations?.['networking.knative.dev/ingress.class']).toBe('other.ingress');
    expect(ing.metadata.annotations).not.toHaveProperty(['networking.knative.dev/ingress-class']);
    expect(ing.spec?.httpOption).toBe('Redirected');
  });

  it('refuses a bad http-protocol annotation, naming it', () => {
    expect(() => httpOptionFor(settings, { 'networking.knative.dev/http-protocol': 'sometimes' })).toThrow(
      'incorrect http-protocol annotation: sometimes',
    );
  });
});
