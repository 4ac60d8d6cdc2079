import { Type } from '@sinclair/typebox';
import type { KObject } from '../core/object';
import { ResourceSchema } from '../core/schema';
import {
  type ChannelableSpec,
  ChannelableSpecFields,
  type ChannelableStatus,
  ChannelableStatusFields,
} from '../eventing/duck/channelable';

export const SCOPE_ANNOTATION = 'eventing.knative.dev/scope';
/** Knative's eventing controller service account: the identity that writes `spec.subscribers`. */
export const EVENTING_CONTROLLER_USER = 'system:serviceaccount:knative-eventing:eventing-controller';
/** The one identity of Kuack's embedded cluster (libs/apiserver ADMIN_USER): every local client acts as it. */
export const EMBEDDED_CLUSTER_USER = 'kuack-admin';

const CONTROLLER_SERVICE_ACCOUNT = /^system:serviceaccount:[^:]+:eventing-controller$/;

/**
 * Who may change an InMemoryChannel's `spec.subscribers`: the eventing controller's service account in any
 * namespace (Kuack's chart may not install into knative-eventing), and the embedded cluster's single user.
 */
export function maySetChannelSubscribers(username: string): boolean {
  return CONTROLLER_SERVICE_ACCOUNT.test(username) || username === EMBEDDED_CLUSTER_USER;
}

export type InMemoryChannelSpec = ChannelableSpec;
export type InMemoryChannelStatus = ChannelableStatus;
export type InMemoryChannel = KObject<InMemoryChannelSpec, InMemoryChannelStatus>;

export const InMemoryChannelSchema = ResourceSchema({
  description: 'InMemoryChannel is a best-effort Channel: events live in memory, no persistence.',
  spec: Type.Object({ ...ChannelableSpecFields }),
  status: Type.Object({ ...ChannelableStatusFields }),
});
