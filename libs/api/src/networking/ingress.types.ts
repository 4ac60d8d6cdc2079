import { Type, type Static } from '@sinclair/typebox';
import { StatusFieldsSchema, type Status } from '../core/conditions';
import type { KObject } from '../core/object';
import { IntOrString, ResourceSchema, StringMap } from '../core/schema';

export const IngressBackendSplitSchema = Type.Object({
  serviceNamespace: Type.String(),
  serviceName: Type.String(),
  servicePort: IntOrString(),
  percent: Type.Optional(Type.Integer()),
  appendHeaders: Type.Optional(StringMap()),
});
export const HTTPIngressPathSchema = Type.Object({
  path: Type.Optional(Type.String()),
  rewriteHost: Type.Optional(Type.String()),
  headers: Type.Optional(Type.Record(Type.String(), Type.Object({ exact: Type.String() }))),
  splits: Type.Array(IngressBackendSplitSchema),
  appendHeaders: Type.Optional(StringMap()),
});
export const IngressRuleSchema = Type.Object({
  hosts: Type.Optional(Type.Array(Type.String())),
  visibility: Type.Optional(Type.String()),
  http: Type.Optional(Type.Object({ paths: Type.Array(HTTPIngressPathSchema) })),
});
export const IngressTLSSchema = Type.Object({
  hosts: Type.Optional(Type.Array(Type.String())),
  secretName: Type.Optional(Type.String()),
  secretNamespace: Type.Optional(Type.String()),
});
export const IngressSpecSchema = Type.Object({
  tls: Type.Optional(Type.Array(IngressTLSSchema)),
  rules: Type.Optional(Type.Array(IngressRuleSchema)),
  httpOption: Type.Optional(Type.String()),
});
export type IngressBackendSplit = Static<typeof IngressBackendSplitSchema>;
export type HTTPIngressPath = Static<typeof HTTPIngressPathSchema>;
export type IngressRule = Static<typeof IngressRuleSchema>;
export type IngressTLS = Static<typeof IngressTLSSchema>;
export type IngressSpec = Static<typeof IngressSpecSchema>;

const LoadBalancerStatusSchema = Type.Object({
  ingress: Type.Optional(
    Type.Array(
      Type.Object({
        ip: Type.Optional(Type.String()),
        domain: Type.Optional(Type.String()),
        domainInternal: Type.Optional(Type.String()),
        meshOnly: Type.Optional(Type.Boolean()),
      }),
    ),
  ),
});
export type LoadBalancerStatus = Static<typeof LoadBalancerStatusSchema>;
export type LoadBalancerIngressStatus = NonNullable<LoadBalancerStatus['ingress']>[number];
export const IngressStatusSchema = Type.Object({
  ...StatusFieldsSchema,
  publicLoadBalancer: Type.Optional(LoadBalancerStatusSchema),
  privateLoadBalancer: Type.Optional(LoadBalancerStatusSchema),
});
export type IngressStatus = Status & {
  publicLoadBalancer?: LoadBalancerStatus;
  privateLoadBalancer?: LoadBalancerStatus;
};

export const IngressSchema = ResourceSchema({
  spec: IngressSpecSchema,
  status: IngressStatusSchema,
  description:
    'Ingress is a collection of rules that allow inbound connections to reach the endpoints defined by a backend.',
});
export type Ingress = KObject<IngressSpec, IngressStatus>;

export const IngressConditionReady = 'Ready';
export const IngressConditionNetworkConfigured = 'NetworkConfigured';
export const IngressConditionLoadBalancerReady = 'LoadBalancerReady';
