import { validateKubernetesObjectMeta } from '../../core/metadata';
import type { KObject } from '../../core/object';
import type { PrinterColumn } from '../../core/registry';
import type { FieldErrors } from '../../core/field-error';

/** Knative's usual trailing printer columns. */
export const AGE_COLUMN: PrinterColumn = {
  name: 'Age',
  type: 'date',
  jsonPath: '.metadata.creationTimestamp',
};
export const READY_COLUMN: PrinterColumn = {
  name: 'Ready',
  type: 'string',
  jsonPath: '.status.conditions[?(@.type=="Ready")].status',
};
export const REASON_COLUMN: PrinterColumn = {
  name: 'Reason',
  type: 'string',
  jsonPath: '.status.conditions[?(@.type=="Ready")].reason',
};
export const URL_COLUMN: PrinterColumn = { name: 'URL', type: 'string', jsonPath: '.status.address.url' };
export const SINK_COLUMN: PrinterColumn = { name: 'Sink', type: 'string', jsonPath: '.status.sinkUri' };

/** The API server's generic ObjectMeta rules for a namespaced object, under `metadata`. */
export function validateNamespacedMeta(obj: KObject): FieldErrors {
  return validateKubernetesObjectMeta(obj.metadata, { namespaced: true }).viaField('metadata');
}

/** Labels on the CRDs of sources (Knative's source duck discovery). */
export const SOURCE_CRD_LABELS = { 'eventing.knative.dev/source': 'true', 'duck.knative.dev/source': 'true' };
export const ADDRESSABLE_CRD_LABELS = { 'duck.knative.dev/addressable': 'true' };
