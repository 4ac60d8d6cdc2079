import { Type } from '@sinclair/typebox';
import type { KObject } from '../core/object';
import { ResourceSchema } from '../core/schema';
import {
  type SourceSpec,
  SourceSpecFields,
  type SourceStatus,
  SourceStatusFields,
} from '../eventing/duck/source';
import { type SubjectReference, SubjectReferenceSchema } from './subject-reference';

/** Environment variables the binding injects into the subject's containers. */
export const SINK_BINDING_ENV = {
  sink: 'K_SINK',
  ceOverrides: 'K_CE_OVERRIDES',
  caCerts: 'K_CA_CERTS',
} as const;

export interface SinkBindingSpec extends SourceSpec {
  /** The workload(s) to inject K_SINK into: a Deployment, Job, … by name or by selector. */
  subject?: SubjectReference;
}

export interface SinkBindingStatus extends SourceStatus {
  oidcTokenSecretName?: string;
}

export type SinkBinding = KObject<SinkBindingSpec, SinkBindingStatus>;

export const SinkBindingSchema = ResourceSchema({
  description: 'SinkBinding injects the sink address (K_SINK) into the pods of a subject workload.',
  spec: Type.Object({ ...SourceSpecFields, subject: Type.Optional(SubjectReferenceSchema) }),
  status: Type.Object({ ...SourceStatusFields, oidcTokenSecretName: Type.Optional(Type.String()) }),
});
