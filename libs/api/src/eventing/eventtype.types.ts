import { Type } from '@sinclair/typebox';
import { StatusFieldsSchema, type Status } from '../core/conditions';
import { KReferenceSchema, type KReference } from '../core/duck/kreference';
import type { KObject } from '../core/object';
import { ResourceSchema } from '../core/schema';

/** One CloudEvents attribute an event of this type carries (v1beta3). */
export interface EventAttributeDefinition {
  name: string;
  required: boolean;
  value?: string;
}

export interface EventTypeSpec {
  /** The resource that produces or holds these events (a Broker, a Channel, a source…). */
  reference?: KReference;
  description?: string;
  attributes?: EventAttributeDefinition[];
}

export type EventTypeStatus = Status;

export type EventType = KObject<EventTypeSpec, EventTypeStatus>;

export const EventTypeSchema = ResourceSchema({
  description: 'EventType represents a type of event that can be consumed from a Broker.',
  spec: Type.Object({
    reference: Type.Optional(KReferenceSchema),
    description: Type.Optional(Type.String()),
    attributes: Type.Optional(
      Type.Array(
        Type.Object({ name: Type.String(), required: Type.Boolean(), value: Type.Optional(Type.String()) }),
      ),
    ),
  }),
  status: Type.Object({ ...StatusFieldsSchema }),
});
