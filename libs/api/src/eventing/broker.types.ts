import { Type } from '@sinclair/typebox';
import { StatusFieldsSchema, type Status } from '../core/conditions';
import { AddressStatusFields, type AddressStatus } from '../core/duck/addressable';
import {
  DeliverySpecSchema,
  DeliveryStatusFields,
  type DeliverySpec,
  type DeliveryStatus,
} from '../core/duck/delivery';
import { KReferenceSchema, type KReference } from '../core/duck/kreference';
import type { KObject } from '../core/object';
import { ResourceSchema } from '../core/schema';
import { PoliciesStatusFields } from './duck/channelable';

export const BROKER_CLASS_ANNOTATION = 'eventing.knative.dev/broker.class';
export const MT_CHANNEL_BROKER_CLASS = 'MTChannelBasedBroker';

export interface BrokerSpec {
  /** Backend configuration, e.g. a ConfigMap (Kafka: `kafka-broker-config`). */
  config?: KReference;
  /** Default delivery of every Trigger of this Broker (a Trigger's own `delivery` replaces it whole). */
  delivery?: DeliverySpec;
}

export interface BrokerStatus extends Status, AddressStatus, DeliveryStatus {
  policies?: Array<{ apiVersion?: string; name?: string }>;
}

export type Broker = KObject<BrokerSpec, BrokerStatus>;

export const BrokerSchema = ResourceSchema({
  description: 'Broker collects a pool of events that are consumable using Triggers.',
  spec: Type.Object({
    config: Type.Optional(KReferenceSchema),
    delivery: Type.Optional(DeliverySpecSchema),
  }),
  status: Type.Object({
    ...StatusFieldsSchema,
    ...AddressStatusFields,
    ...DeliveryStatusFields,
    ...PoliciesStatusFields,
  }),
});
