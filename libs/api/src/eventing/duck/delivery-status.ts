import type { DeliveryStatus } from '../../core/duck/delivery';

/** Replaces the DeliveryStatus fields of a status (MarkDeadLetterSink* copy the whole struct). */
export function setDeliveryStatus(status: DeliveryStatus, delivery: DeliveryStatus): void {
  delete status.deadLetterSinkUri;
  delete status.deadLetterSinkCACerts;
  delete status.deadLetterSinkAudience;
  Object.assign(status, delivery);
}
