import { FieldErrors, errMissingField } from '../core/field-error';
import type { EventType } from './eventtype.types';

const REQUIRED_ATTRIBUTES = ['type', 'source', 'specversion', 'id'];

/** EventType.Validate (v1beta3): the attributes must describe the four required CloudEvents attributes. */
export function validateEventType(eventType: EventType): FieldErrors {
  const names = new Set((eventType.spec?.attributes ?? []).map((a) => a.name));
  const missing = REQUIRED_ATTRIBUTES.filter((n) => !names.has(n));
  return missing.length
    ? errMissingField(...missing)
        .viaField('attributes')
        .viaField('spec')
    : FieldErrors.none;
}
