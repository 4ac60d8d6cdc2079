import { Type } from '@sinclair/typebox';
import type { KObject } from '../core/object';
import { ResourceSchema } from '../core/schema';
import { type ChannelableSpec, ChannelableSpecFields, type ChannelableStatus, ChannelableStatusFields } from '../eventing/duck/channelable';

export const SCOPE_ANNOTATION = 'eventing.knative.dev/scope';
/** The identity allowed to change `spec.subscribers` (Knative's eventing controller service account). */
export const EVENTING_CONTROLLER_USER = 'system:serviceaccount:knative-eventing:eventing-controller';

export type InMemoryChannelSpec = ChannelableSpec;
export type InMemoryChannelStatus = ChannelableStatus;
export type InMemoryChannel = KObject<InMemoryChannelSpec, InMemoryChannelStatus>;

export const InMemoryChannelSchema = ResourceSchema({
  description: 'InMemoryChannel is a best-effort Channel: events live in memory, no persistence.',
  spec: Type.Object({ ...ChannelableSpecFields }),
  status: Type.Object({ ...ChannelableStatusFields }),
});
