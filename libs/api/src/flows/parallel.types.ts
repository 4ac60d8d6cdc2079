import { Type } from '@sinclair/typebox';
import { StatusFieldsSchema, type Status } from '../core/conditions';
import { AddressStatusFields, type AddressStatus } from '../core/duck/addressable';
import { DeliverySpecSchema, type DeliverySpec } from '../core/duck/delivery';
import { DestinationSchema, type Destination } from '../core/duck/destination';
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

/** A branch: an optional filter (a service answering 2xx to keep the event), a subscriber and its reply. */
export interface ParallelBranch {
  filter?: Destination;
  subscriber?: Destination;
  reply?: Destination;
  delivery?: DeliverySpec;
}

export interface ParallelSpec {
  branches?: ParallelBranch[];
  channelTemplate?: ChannelTemplateSpec;
  reply?: Destination;
}

export interface ParallelBranchStatus {
  filterSubscriptionStatus?: SubscriptionStatusEntry;
  filterChannelStatus?: ChannelStatusEntry;
  subscriberSubscriptionStatus?: SubscriptionStatusEntry;
}

export interface ParallelStatus extends Status, AddressStatus {
  ingressChannelStatus?: ChannelStatusEntry;
  branchStatuses?: ParallelBranchStatus[];
  auth?: { serviceAccountName?: string; serviceAccountNames?: string[] };
  policies?: Array<{ apiVersion?: string; name?: string }>;
}

export type Parallel = KObject<ParallelSpec, ParallelStatus>;

export const ParallelSchema = ResourceSchema({
  description: 'Parallel sends each event to every branch whose filter accepts it.',
  spec: Type.Object({
    branches: Type.Optional(
      Type.Array(
        Type.Object({
          filter: Type.Optional(DestinationSchema),
          subscriber: Type.Optional(DestinationSchema),
          reply: Type.Optional(DestinationSchema),
          delivery: Type.Optional(DeliverySpecSchema),
        }),
      ),
    ),
    channelTemplate: Type.Optional(ChannelTemplateSpecSchema),
    reply: Type.Optional(DestinationSchema),
  }),
  status: Type.Object({
    ...StatusFieldsSchema,
    ...AddressStatusFields,
    ingressChannelStatus: Type.Optional(ChannelStatusEntrySchema),
    branchStatuses: Type.Optional(
      Type.Array(
        Type.Object({
          filterSubscriptionStatus: Type.Optional(SubscriptionStatusEntrySchema),
          filterChannelStatus: Type.Optional(ChannelStatusEntrySchema),
          subscriberSubscriptionStatus: Type.Optional(SubscriptionStatusEntrySchema),
        }),
      ),
    ),
    auth: Type.Optional(AuthStatusSchema),
    ...PoliciesStatusFields,
  }),
});
