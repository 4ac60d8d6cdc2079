import type { V1ObjectMeta, V1PodSpec } from '@kubernetes/client-node';
import { Type, type Static } from '@sinclair/typebox';
import { StatusFieldsSchema, type Status } from '../../core/conditions';
import { coreJsonSchema } from '../../core/k8s-schema';
import type { KObject } from '../../core/object';
import { ResourceSchema } from '../../core/schema';
import { REVISION_PODSPEC_PROFILE } from '../fieldmask';

/** The Knative fields a RevisionSpec adds to the inlined PodSpec. */
export const RevisionSpecExtrasSchema = Type.Object({
  containerConcurrency: Type.Optional(Type.Integer({ format: 'int64' })),
  timeoutSeconds: Type.Optional(Type.Integer({ format: 'int64' })),
  responseStartTimeoutSeconds: Type.Optional(Type.Integer({ format: 'int64' })),
  idleTimeoutSeconds: Type.Optional(Type.Integer({ format: 'int64' })),
});

/** RevisionSpec = corev1.PodSpec (Knative's subset) inline + the fields above. */
export type RevisionSpec = V1PodSpec & Static<typeof RevisionSpecExtrasSchema>;

function revisionSpecJsonSchema(): Record<string, unknown> {
  const pod = coreJsonSchema('V1PodSpec', REVISION_PODSPEC_PROFILE) as {
    properties: Record<string, unknown>;
    required?: string[];
  };
  return {
    ...pod,
    properties: { ...pod.properties, ...(RevisionSpecExtrasSchema.properties as Record<string, unknown>) },
  };
}
export const RevisionSpecSchema = Type.Unsafe<RevisionSpec>(revisionSpecJsonSchema());

/** Template metadata as Knative's CRDs describe it (known fields typed, the rest preserved). */
export const TemplateMetadataSchema = Type.Unsafe<V1ObjectMeta>({
  type: 'object',
  properties: {
    annotations: { type: 'object', additionalProperties: { type: 'string' } },
    finalizers: { type: 'array', items: { type: 'string' } },
    labels: { type: 'object', additionalProperties: { type: 'string' } },
    name: { type: 'string' },
    namespace: { type: 'string' },
  },
  'x-kubernetes-preserve-unknown-fields': true,
});

export const RevisionTemplateSpecSchema = Type.Object({
  metadata: Type.Optional(TemplateMetadataSchema),
  spec: Type.Optional(RevisionSpecSchema),
});
export interface RevisionTemplateSpec {
  metadata?: V1ObjectMeta;
  spec?: RevisionSpec;
}

export const ContainerStatusSchema = Type.Object({
  name: Type.Optional(Type.String()),
  imageDigest: Type.Optional(Type.String()),
});
export type ContainerStatus = Static<typeof ContainerStatusSchema>;

export const RevisionStatusSchema = Type.Object({
  ...StatusFieldsSchema,
  logUrl: Type.Optional(Type.String()),
  containerStatuses: Type.Optional(Type.Array(ContainerStatusSchema)),
  initContainerStatuses: Type.Optional(Type.Array(ContainerStatusSchema)),
  actualReplicas: Type.Optional(Type.Integer({ format: 'int32' })),
  desiredReplicas: Type.Optional(Type.Integer({ format: 'int32' })),
});
export type RevisionStatus = Status & Omit<Static<typeof RevisionStatusSchema>, keyof Status>;

export const RevisionSchema = ResourceSchema({
  spec: RevisionSpecSchema,
  status: RevisionStatusSchema,
  description: 'Revision is an immutable snapshot of code and configuration.',
});
export type Revision = KObject<RevisionSpec, RevisionStatus>;

export const RevisionConditionReady = 'Ready';
export const RevisionConditionResourcesAvailable = 'ResourcesAvailable';
export const RevisionConditionContainerHealthy = 'ContainerHealthy';
export const RevisionConditionActive = 'Active';

export const ReasonContainerMissing = 'ContainerMissing';
export const ReasonResolvingDigests = 'ResolvingDigests';
export const ReasonDeploying = 'Deploying';
export const ReasonNotOwned = 'NotOwned';
export const ReasonProgressDeadlineExceeded = 'ProgressDeadlineExceeded';

/** containerConcurrency with Knative's default (0 = unlimited). */
export function containerConcurrencyOf(spec: RevisionSpec | undefined): number {
  return spec?.containerConcurrency ?? 0;
}
