import { type ConfigParser, ConfigReader, renderTemplate } from './parse';

export type HttpProtocol = 'enabled' | 'disabled' | 'redirected';
export type Encryption = 'enabled' | 'disabled';
export type MeshCompatibilityMode = 'enabled' | 'disabled' | 'auto';

/** config-network (knative/networking pkg/config). */
export interface NetworkConfig {
  ingressClass: string;
  certificateClass: string;
  domainTemplate: string;
  tagTemplate: string;
  rolloutDurationSeconds: number;
  autocreateClusterDomainClaims: boolean;
  enableMeshPodAddressability: boolean;
  defaultExternalScheme: string;
  internalEncryption: boolean;
  meshCompatibilityMode: MeshCompatibilityMode;
  namespaceWildcardCertSelector?: string;
  /** external-domain-tls (formerly auto-tls). */
  externalDomainTls: boolean;
  httpProtocol: HttpProtocol;
  systemInternalTls: Encryption;
  clusterLocalDomainTls: Encryption;
  /**
   * Kuack extension `kuack-gateway-http-port`: in local mode the gateway's HTTP port, which Route URLs then
   * carry (`http://hello.default.localhost:8080`). Absent on clusters.
   */
  gatewayHttpPort?: number;
}

export function defaultNetwork(): NetworkConfig {
  return {
    ingressClass: 'istio.ingress.networking.knative.dev',
    certificateClass: 'cert-manager.certificate.networking.knative.dev',
    domainTemplate: '{{.Name}}.{{.Namespace}}.{{.Domain}}',
    tagTemplate: '{{.Tag}}-{{.Name}}',
    rolloutDurationSeconds: 0,
    autocreateClusterDomainClaims: false,
    enableMeshPodAddressability: false,
    defaultExternalScheme: 'http',
    internalEncryption: false,
    meshCompatibilityMode: 'auto',
    externalDomainTls: false,
    httpProtocol: 'enabled',
    systemInternalTls: 'disabled',
    clusterLocalDomainTls: 'disabled',
  };
}

const DOMAIN_FIELDS = { fields: ['Name', 'Namespace', 'Domain'], maps: ['Annotations', 'Labels'] };
const TAG_FIELDS = { fields: ['Name', 'Tag'] };

/** The host of a route (`{{.Name}}.{{.Namespace}}.{{.Domain}}` by default). */
export function routeHost(
  config: NetworkConfig,
  values: {
    Name: string;
    Namespace: string;
    Domain: string;
    Annotations?: Record<string, string>;
    Labels?: Record<string, string>;
  },
): string {
  return renderTemplate(config.domainTemplate, values, DOMAIN_FIELDS);
}

/** The name of a traffic tag's route (`{{.Tag}}-{{.Name}}` by default). */
export function tagName(config: NetworkConfig, values: { Name: string; Tag: string }): string {
  return renderTemplate(config.tagTemplate, values, TAG_FIELDS);
}

export const networkConfig: ConfigParser<NetworkConfig> = {
  name: 'config-network',
  defaults: defaultNetwork,
  parse(data) {
    const r = new ConfigReader('config-network', data);
    const d = defaultNetwork();
    // Legacy camelCase keys first, the current kebab-case keys win.
    const str = (legacy: string | undefined, key: string, fallback: string) =>
      r.string(key, legacy ? r.string(legacy, fallback) : fallback);
    const c: NetworkConfig = {
      ...d,
      ingressClass: str('ingress.class', 'ingress-class', d.ingressClass),
      certificateClass: str('certificate.class', 'certificate-class', d.certificateClass),
      domainTemplate: str('domainTemplate', 'domain-template', d.domainTemplate),
      tagTemplate: str('tagTemplate', 'tag-template', d.tagTemplate),
      rolloutDurationSeconds: r.int('rollout-duration', r.int('rolloutDuration', d.rolloutDurationSeconds)),
      autocreateClusterDomainClaims: r.bool(
        'autocreate-cluster-domain-claims',
        r.bool('autocreateClusterDomainClaims', d.autocreateClusterDomainClaims),
      ),
      enableMeshPodAddressability: r.bool('enable-mesh-pod-addressability', d.enableMeshPodAddressability),
      defaultExternalScheme: str('defaultExternalScheme', 'default-external-scheme', d.defaultExternalScheme),
      internalEncryption: r.bool('internal-encryption', d.internalEncryption),
      namespaceWildcardCertSelector:
        r.has('namespace-wildcard-cert-selector') && data['namespace-wildcard-cert-selector']
          ? data['namespace-wildcard-cert-selector']
          : undefined,
    };
    if (r.has('kuack-gateway-http-port')) {
      const port = r.int('kuack-gateway-http-port', 0);
      if (port < 1 || port > 65535)
        r.fail('kuack-gateway-http-port', `must be a port number (1-65535), was ${port}`);
      c.gatewayHttpPort = port;
    }
    const mode = r.string('mesh-compatibility-mode', '').toLowerCase();
    if (mode === 'enabled' || mode === 'disabled' || mode === 'auto') c.meshCompatibilityMode = mode;
    if (c.rolloutDurationSeconds < 0)
      r.fail('rollout-duration', `must be a positive integer, was ${c.rolloutDurationSeconds}`);
    checkDomainTemplate(r, c.domainTemplate);
    try {
      renderTemplate(c.tagTemplate, { Name: 'foo', Tag: 'v2' }, TAG_FIELDS);
    } catch (err) {
      r.fail('tag-template', (err as Error).message);
    }

    let tls = r.has('autoTLS') ? data.autoTLS.toLowerCase() === 'enabled' : false;
    if (r.has('auto-tls')) tls = data['auto-tls'].toLowerCase() === 'enabled';
    if (r.has('external-domain-tls')) tls = data['external-domain-tls'].toLowerCase() === 'enabled';
    c.externalDomainTls = tls;

    const protocolKey = r.has('http-protocol') ? 'http-protocol' : 'httpProtocol';
    const protocol = r.string(protocolKey, '').toLowerCase();
    if (protocol === 'disabled' || protocol === 'redirected') c.httpProtocol = protocol;
    else if (protocol !== '' && protocol !== 'enabled')
      r.fail(protocolKey, `"${data[protocolKey]}" is not supported (enabled, disabled, redirected)`);

    const internal = r.string('system-internal-tls', '').toLowerCase();
    if (internal === 'enabled') {
      c.systemInternalTls = 'enabled';
      c.internalEncryption = true;
    } else if (internal === '' || internal === 'disabled') {
      if (c.internalEncryption) c.systemInternalTls = 'enabled';
    } else
      r.fail('system-internal-tls', `"${data['system-internal-tls']}" is not supported (enabled, disabled)`);

    const local = r.string('cluster-local-domain-tls', '').toLowerCase();
    if (local === 'enabled') c.clusterLocalDomainTls = 'enabled';
    else if (local !== '' && local !== 'disabled')
      r.fail(
        'cluster-local-domain-tls',
        `"${data['cluster-local-domain-tls']}" is not supported (enabled, disabled)`,
      );
    return c;
  },
};

function checkDomainTemplate(r: ConfigReader, template: string): void {
  let host: string;
  try {
    host = renderTemplate(template, { Name: 'foo', Namespace: 'bar', Domain: 'baz.com' }, DOMAIN_FIELDS);
  } catch (err) {
    return r.fail('domain-template', (err as Error).message);
  }
  let url: URL;
  try {
    url = new URL(`https://${host}`);
  } catch {
    return r.fail('domain-template', `renders an invalid host "${host}"`);
  }
  if (!url.hostname) r.fail('domain-template', 'renders an empty hostname');
  if (url.pathname !== '/' || url.search)
    r.fail('domain-template', `renders a URL path "${url.pathname}${url.search}"`);
}
