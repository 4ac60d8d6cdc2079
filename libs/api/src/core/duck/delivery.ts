import { Type } from '@sinclair/typebox';
import { DestinationSchema, type Destination } from './destination';

/** eventing duckv1.DeliverySpec (validation lives with the eventing kinds that use it). */
export const DeliverySpecSchema = Type.Object({
  deadLetterSink: Type.Optional(DestinationSchema),
  retry: Type.Optional(Type.Integer({ format: 'int32' })),
  timeout: Type.Optional(Type.String()),
  backoffPolicy: Type.Optional(Type.String()),
  backoffDelay: Type.Optional(Type.String()),
  retryAfterMax: Type.Optional(Type.String()),
  format: Type.Optional(Type.String()),
});
export type BackoffPolicy = 'linear' | 'exponential';
export interface DeliverySpec {
  deadLetterSink?: Destination;
  retry?: number;
  timeout?: string;
  backoffPolicy?: BackoffPolicy;
  backoffDelay?: string;
  retryAfterMax?: string;
  format?: 'json' | 'binary';
}

/** eventing DeliveryStatus: the resolved dead letter sink. */
export const DeliveryStatusFields = {
  deadLetterSinkUri: Type.Optional(Type.String()),
  deadLetterSinkCACerts: Type.Optional(Type.String()),
  deadLetterSinkAudience: Type.Optional(Type.String()),
};
export interface DeliveryStatus {
  deadLetterSinkUri?: string;
  deadLetterSinkCACerts?: string;
  deadLetterSinkAudience?: string;
}
