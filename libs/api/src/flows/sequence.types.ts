import { Type } from '@sinclair/typebox';
import { StatusFieldsSchema, type Status } from '../core/conditions';
import { AddressableSchema, type Addressable } from '../core/duck/addressable';
import { DeliverySpecSchema, type DeliverySpec } from '../core/duck/delivery';
import { DestinationSchema, type Destination } from '../core/duck/destination';
import { KReferenceSchema } from '../core/duck/kreference';
import type { KObject } from '../core/object';
import { ResourceSchema } from '../core/schema';
import { PoliciesStatusFields } from '../eventing/duck/channelable';
import { AuthStatusSchema } from '../eventing/duck/source';
import { type ChannelTemplateSpec, ChannelTemplateSpecSchema } from '../messaging/channel-template';
import {
  type ChannelStatusEntry,
  ChannelStatusEntrySchema,
  type SubscriptionStatusEntry,
  SubscriptionStatusEntrySchema,
} from './flow-status';

/** A step: where to send the event (a Destination) and how. */
export interface SequenceStep extends Destination {
  delivery?: DeliverySpec;
}

export interface SequenceSpec {
  steps?: SequenceStep[];
  channelTemplate?: ChannelTemplateSpec;
  reply?: Destination;
}

export interface SequenceStatus extends Status {
  subscriptionStatuses?: SubscriptionStatusEntry[];
  channelStatuses?: ChannelStatusEntry[];
  address?: Addressable;
  auth?: { serviceAccountName?: string; serviceAccountNames?: string[] };
  policies?: Array<{ apiVersion?: string; name?: string }>;
}

export type Sequence = KObject<SequenceSpec, SequenceStatus>;

const StepSchema = Type.Object({
  ref: Type.Optional(KReferenceSchema),
  uri: Type.Optional(Type.String()),
  CACerts: Type.Optional(Type.String()),
  audience: Type.Optional(Type.String()),
  delivery: Type.Optional(DeliverySpecSchema),
});

export const SequenceSchema = ResourceSchema({
  description: 'Sequence sends events through its steps in order, the reply of each step going to the next.',
  spec: Type.Object({
    steps: Type.Optional(Type.Array(StepSchema)),
    channelTemplate: Type.Optional(ChannelTemplateSpecSchema),
    reply: Type.Optional(DestinationSchema),
  }),
  status: Type.Object({
    ...StatusFieldsSchema,
    subscriptionStatuses: Type.Optional(Type.Array(SubscriptionStatusEntrySchema)),
    channelStatuses: Type.Optional(Type.Array(ChannelStatusEntrySchema)),
    address: Type.Optional(AddressableSchema),
    auth: Type.Optional(AuthStatusSchema),
    ...PoliciesStatusFields,
  }),
});
