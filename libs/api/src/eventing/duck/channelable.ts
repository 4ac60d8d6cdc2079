import { Type } from '@sinclair/typebox';
import { StatusFieldsSchema, type Status } from '../../core/conditions';
import { AddressStatusFields, type AddressStatus } from '../../core/duck/addressable';
import {
  DeliverySpecSchema,
  DeliveryStatusFields,
  type DeliverySpec,
  type DeliveryStatus,
} from '../../core/duck/delivery';
import { AuthStatusSchema } from './source';

/** eventing duckv1.SubscriberSpec: one subscription a channel delivers to. */
export interface SubscriberSpec {
  name?: string;
  uid?: string;
  generation?: number;
  subscriberUri?: string;
  subscriberCACerts?: string;
  subscriberAudience?: string;
  replyUri?: string;
  replyCACerts?: string;
  replyAudience?: string;
  delivery?: DeliverySpec;
  auth?: { serviceAccountName?: string; serviceAccountNames?: string[] };
}

export interface SubscriberStatus {
  uid?: string;
  observedGeneration?: number;
  ready?: 'True' | 'False' | 'Unknown';
  message?: string;
  auth?: { serviceAccountName?: string; serviceAccountNames?: string[] };
}

/** ChannelableSpec: `subscribers` (written by the subscription controller) and `delivery`. */
export interface ChannelableSpec {
  subscribers?: SubscriberSpec[];
  delivery?: DeliverySpec;
}

export interface ChannelableStatus extends Status, AddressStatus, DeliveryStatus {
  subscribers?: SubscriberStatus[];
  policies?: Array<{ apiVersion?: string; name?: string }>;
}

export const SubscriberSpecSchema = Type.Object({
  name: Type.Optional(Type.String()),
  uid: Type.Optional(Type.String()),
  generation: Type.Optional(Type.Integer({ format: 'int64' })),
  subscriberUri: Type.Optional(Type.String()),
  subscriberCACerts: Type.Optional(Type.String()),
  subscriberAudience: Type.Optional(Type.String()),
  replyUri: Type.Optional(Type.String()),
  replyCACerts: Type.Optional(Type.String()),
  replyAudience: Type.Optional(Type.String()),
  delivery: Type.Optional(DeliverySpecSchema),
  auth: Type.Optional(AuthStatusSchema),
});

export const ChannelableSpecFields = {
  subscribers: Type.Optional(Type.Array(SubscriberSpecSchema)),
  delivery: Type.Optional(DeliverySpecSchema),
};

/** AppliedEventPoliciesStatus. */
export const PoliciesStatusFields = {
  policies: Type.Optional(
    Type.Array(Type.Object({ apiVersion: Type.Optional(Type.String()), name: Type.Optional(Type.String()) })),
  ),
};

export const ChannelableStatusFields = {
  ...StatusFieldsSchema,
  ...AddressStatusFields,
  ...DeliveryStatusFields,
  ...PoliciesStatusFields,
  subscribers: Type.Optional(
    Type.Array(
      Type.Object({
        uid: Type.Optional(Type.String()),
        observedGeneration: Type.Optional(Type.Integer({ format: 'int64' })),
        ready: Type.Optional(Type.String()),
        message: Type.Optional(Type.String()),
        auth: Type.Optional(AuthStatusSchema),
      }),
    ),
  ),
};
