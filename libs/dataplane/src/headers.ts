/** Header names of Knative's data plane, lower-cased as Node.js exposes them in `req.headers`. */
export const Header = {
  Probe: 'k-network-probe',
  Hash: 'k-network-hash',
  Revision: 'knative-serving-revision',
  Namespace: 'knative-serving-namespace',
  Tag: 'knative-serving-tag',
  ProxyRequest: 'k-proxy-request',
  Forwarded: 'forwarded',
  XForwardedFor: 'x-forwarded-for',
  XForwardedProto: 'x-forwarded-proto',
  XForwardedHost: 'x-forwarded-host',
  /** Set by the gateway when the Knative-Serving-Tag header named a tag that does not exist. */
  DefaultRoute: 'knative-serving-default-route',
  UserAgent: 'user-agent',
} as const;

/** Values of `K-Network-Probe`: which hop answers the probe (and the body it answers with). */
export const ProbeValue = { Queue: 'queue', Activator: 'activator' } as const;
export type ProbeValue = (typeof ProbeValue)[keyof typeof ProbeValue];

/** Value of `K-Proxy-Request` the activator sets so the queue-proxy counts the request as proxied. */
export const ProxyRequestValue = { Activator: 'activator' } as const;

/** User agents of Kubernetes' own probes (kubelet) and of Knative's probers. */
export const KubeProbeUserAgentPrefix = 'kube-probe/';
export const ActivatorUserAgent = 'Knative-Activator-Probe';
export const AutoscalingUserAgent = 'Knative-Autoscaling-Probe';
export const IngressProbeUserAgent = 'Knative-Ingress-Probe';
