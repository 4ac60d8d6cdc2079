import { Type } from '@sinclair/typebox';
import { StatusFieldsSchema, type Status } from '../core/conditions';
import {
  DeliverySpecSchema,
  DeliveryStatusFields,
  type DeliverySpec,
  type DeliveryStatus,
} from '../core/duck/delivery';
import { DestinationSchema, type Destination } from '../core/duck/destination';
import { KReferenceSchema, type KReference } from '../core/duck/kreference';
import type { KObject } from '../core/object';
import { ResourceSchema } from '../core/schema';
import { AuthStatusSchema } from '../eventing/duck/source';

export interface SubscriptionSpec {
  /** The channel to subscribe to (immutable). */
  channel?: KReference;
  subscriber?: Destination;
  /** Where the subscriber's replies go. */
  reply?: Destination;
  delivery?: DeliverySpec;
}

export interface PhysicalSubscription extends DeliveryStatus {
  subscriberUri?: string;
  subscriberCACerts?: string;
  subscriberAudience?: string;
  replyUri?: string;
  replyCACerts?: string;
  replyAudience?: string;
}

export interface SubscriptionStatus extends Status {
  physicalSubscription?: PhysicalSubscription;
  auth?: { serviceAccountName?: string; serviceAccountNames?: string[] };
}

export type Subscription = KObject<SubscriptionSpec, SubscriptionStatus>;

export const SubscriptionSchema = ResourceSchema({
  description: 'Subscription routes events received on a Channel to a subscriber, and its replies onwards.',
  spec: Type.Object({
    channel: Type.Optional(KReferenceSchema),
    subscriber: Type.Optional(DestinationSchema),
    reply: Type.Optional(DestinationSchema),
    delivery: Type.Optional(DeliverySpecSchema),
  }),
  status: Type.Object({
    ...StatusFieldsSchema,
    physicalSubscription: Type.Optional(
      Type.Object({
        subscriberUri: Type.Optional(Type.String()),
        subscriberCACerts: Type.Optional(Type.String()),
        subscriberAudience: Type.Optional(Type.String()),
        replyUri: Type.Optional(Type.String()),
        replyCACerts: Type.Optional(Type.String()),
        replyAudience: Type.Optional(Type.String()),
        ...DeliveryStatusFields,
      }),
    ),
    auth: Type.Optional(AuthStatusSchema),
  }),
});
