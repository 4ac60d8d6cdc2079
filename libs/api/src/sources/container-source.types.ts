import type { V1PodTemplateSpec } from '@kubernetes/client-node';
import { Type } from '@sinclair/typebox';
import type { KObject } from '../core/object';
import { PreserveUnknown, ResourceSchema } from '../core/schema';
import {
  type SourceSpec,
  SourceSpecFields,
  type SourceStatus,
  SourceStatusFields,
} from '../eventing/duck/source';

export interface ContainerSourceSpec extends SourceSpec {
  /** A Deployment pod template; the source runs it with K_SINK injected. */
  template?: V1PodTemplateSpec;
}

export type ContainerSourceStatus = SourceStatus;
export type ContainerSource = KObject<ContainerSourceSpec, ContainerSourceStatus>;

export const ContainerSourceSchema = ResourceSchema({
  description: 'ContainerSource runs a container image that sends events to K_SINK.',
  spec: Type.Object({
    ...SourceSpecFields,
    // Knative's CRD stubs the PodTemplateSpec the same way.
    template: Type.Optional(
      PreserveUnknown<V1PodTemplateSpec>({
        description: 'A template in the shape of `Deployment.spec.template`.',
      }),
    ),
  }),
  status: Type.Object({ ...SourceStatusFields }),
});
