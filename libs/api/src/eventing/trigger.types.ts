import { Type } from '@sinclair/typebox';
import { StatusFieldsSchema, type Status } from '../core/conditions';
import {
  DeliverySpecSchema,
  DeliveryStatusFields,
  type DeliverySpec,
  type DeliveryStatus,
} from '../core/duck/delivery';
import { DestinationSchema, type Destination } from '../core/duck/destination';
import type { KReference } from '../core/duck/kreference';
import type { KObject } from '../core/object';
import { ResourceSchema } from '../core/schema';
import { AuthStatusSchema } from './duck/source';
import {
  type SubscriptionsAPIFilter,
  SubscriptionsAPIFilterSchema,
  type TriggerFilter,
  TriggerFilterSchema,
} from './filters.types';

export const BROKER_LABEL = 'eventing.knative.dev/broker';
export const DEPENDENCY_ANNOTATION = 'knative.dev/dependency';
export const INJECTION_ANNOTATION = 'eventing.knative.dev/injection';

export interface TriggerSpec {
  /** Name of the Broker in the Trigger's namespace (immutable). */
  broker?: string;
  /** Cross-namespace reference (feature `cross-namespace-event-links`). */
  brokerRef?: KReference;
  filter?: TriggerFilter;
  /** Subscriptions API filters; when set they replace `filter`. */
  filters?: SubscriptionsAPIFilter[];
  subscriber?: Destination;
  /** Replaces the Broker's delivery as a whole. */
  delivery?: DeliverySpec;
}

export interface TriggerStatus extends Status, DeliveryStatus {
  subscriberUri?: string;
  subscriberCACerts?: string;
  subscriberAudience?: string;
  auth?: { serviceAccountName?: string; serviceAccountNames?: string[] };
}

export type Trigger = KObject<TriggerSpec, TriggerStatus>;

export const TriggerSchema = ResourceSchema({
  description:
    "Trigger represents a request to have events delivered to a subscriber from a Broker's event pool.",
  spec: Type.Object({
    broker: Type.Optional(Type.String()),
    brokerRef: Type.Optional(
      Type.Object({
        apiVersion: Type.Optional(Type.String()),
        kind: Type.Optional(Type.String()),
        name: Type.Optional(Type.String()),
        namespace: Type.Optional(Type.String()),
      }),
    ),
    filter: Type.Optional(TriggerFilterSchema),
    filters: Type.Optional(Type.Array(SubscriptionsAPIFilterSchema)),
    subscriber: Type.Optional(DestinationSchema),
    delivery: Type.Optional(DeliverySpecSchema),
  }),
  status: Type.Object({
    ...StatusFieldsSchema,
    ...DeliveryStatusFields,
    subscriberUri: Type.Optional(Type.String()),
    subscriberCACerts: Type.Optional(Type.String()),
    subscriberAudience: Type.Optional(Type.String()),
    auth: Type.Optional(AuthStatusSchema),
  }),
});
