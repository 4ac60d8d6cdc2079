/** Kuack's KIngress class: the gateway implements Ingresses of this class. */
export const KUACK_INGRESS_CLASS = 'kuack.ingress.networking.knative.dev';
/** The queue-proxy image `kuack up` stores in the local image store from the bundled app. */
export const LOCAL_QUEUE_PROXY_IMAGE = 'kuack.local/queue-proxy:dev';
/** Kuack extension of config-network: the gateway's HTTP port, carried in Route URLs in local mode. */
export const GATEWAY_HTTP_PORT_KEY = 'kuack-gateway-http-port';

/**
 * The config maps Knative installs in knative-serving / knative-eventing, with Knative's default values written
 * out (Knative ships them as `_example` blocks; an absent key means the same default). In local mode
 * config-domain maps every route to `localhost` and config-network carries the gateway's port, so URLs are
 * http://<name>.<ns>.localhost:8080; the queue-proxy image comes from the local image store.
 */
export interface ConfigMapSeed {
  namespace: string;
  name: string;
  data: Record<string, string>;
}

export function knativeConfigMaps(localMode: boolean): ConfigMapSeed[] {
  const serving = (name: string, data: Record<string, string>): ConfigMapSeed => ({
    namespace: 'knative-serving',
    name,
    data,
  });
  const eventing = (name: string, data: Record<string, string>): ConfigMapSeed => ({
    namespace: 'knative-eventing',
    name,
    data,
  });
  return [
    serving('config-autoscaler', {
      'container-concurrency-target-percentage': '70',
      'container-concurrency-target-default': '100',
      'requests-per-second-target-default': '200',
      'target-burst-capacity': '211',
      'stable-window': '60s',
      'panic-window-percentage': '10.0',
      'panic-threshold-percentage': '200.0',
      'max-scale-up-rate': '1000.0',
      'max-scale-down-rate': '2.0',
      'enable-scale-to-zero': 'true',
      'scale-to-zero-grace-period': '30s',
      'scale-to-zero-pod-retention-period': '0s',
      'pod-autoscaler-class': 'kpa.autoscaling.knative.dev',
      'activator-capacity': '100.0',
      'initial-scale': '1',
      'allow-zero-initial-scale': 'false',
      'min-scale': '0',
      'max-scale': '0',
      'scale-down-delay': '0s',
      'max-scale-limit': '0',
    }),
    serving('config-network', {
      'ingress-class': KUACK_INGRESS_CLASS,
      ...(localMode ? { [GATEWAY_HTTP_PORT_KEY]: '8080' } : {}),
      'domain-template': '{{.Name}}.{{.Namespace}}.{{.Domain}}',
      'tag-template': '{{.Tag}}-{{.Name}}',
      'http-protocol': 'Enabled',
      'external-domain-tls': 'Disabled',
      'cluster-local-domain-tls': 'Disabled',
      'system-internal-tls': 'Disabled',
      'default-external-scheme': 'http',
      'enable-mesh-pod-addressability': 'false',
    }),
    serving('config-domain', localMode ? { localhost: '' } : {}),
    serving('config-features', {
      'multi-container': 'enabled',
      'tag-header-based-routing': 'disabled',
      'kubernetes.podspec-dryrun': 'allowed',
    }),
    serving('config-gc', {
      'retain-since-create-time': '48h',
      'retain-since-last-active-time': '15h',
      'min-non-active-revisions': '20',
      'max-non-active-revisions': '1000',
    }),
    serving('config-defaults', {
      'revision-timeout-seconds': '300',
      'max-revision-timeout-seconds': '600',
      'revision-response-start-timeout-seconds': '300',
      'revision-idle-timeout-seconds': '0',
      'container-concurrency': '0',
      'container-concurrency-max-limit': '1000',
      'allow-container-concurrency-zero': 'true',
      'enable-service-links': 'false',
      'container-name-template': 'user-container',
      'init-container-name-template': 'init-container',
    }),
    serving('config-deployment', {
      'queue-sidecar-image': localMode ? LOCAL_QUEUE_PROXY_IMAGE : 'ghcr.io/kuack/queue-proxy:latest',
      'progress-deadline': '600s',
      'digest-resolution-timeout': '10s',
      'registries-skipping-tag-resolving': 'kind.local,ko.local,dev.local,kuack.local',
    }),
    serving('config-observability', {
      'logging.enable-request-log': 'false',
      'metrics.backend-destination': 'prometheus',
    }),
    eventing('config-br-defaults', {
      'default-br-config':
        'clusterDefault:\n  brokerClass: MTChannelBasedBroker\n  apiVersion: v1\n  kind: ConfigMap\n  name: config-br-default-channel\n  namespace: knative-eventing\n  delivery:\n    retry: 10\n    backoffPolicy: exponential\n    backoffDelay: PT0.2S\n',
    }),
    eventing('config-br-default-channel', {
      channel: 'apiVersion: messaging.knative.dev/v1\nkind: InMemoryChannel\n',
    }),
    eventing('config-features', { 'transport-encryption': 'disabled', 'authentication-oidc': 'disabled' }),
    eventing('config-observability', { 'metrics.backend-destination': 'prometheus' }),
  ];
}
