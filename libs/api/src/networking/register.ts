export const NETWORKING_INTERNAL_GROUP = 'networking.internal.knative.dev';
export type ProtocolType = 'http1' | 'h2c';
export type IngressVisibility = 'ExternalIP' | 'ClusterLocal';
export type HTTPOption = 'Enabled' | 'Redirected';
export type SKSOperationMode = 'Serve' | 'Proxy';
