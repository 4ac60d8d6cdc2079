import { defaultKReference } from '../core/duck/kreference';
import type { EventType } from './eventtype.types';

/** EventType.SetDefaults: the reference gets the EventType's namespace. */
export function defaultEventType(eventType: EventType): void {
  defaultKReference(eventType.spec?.reference, eventType.metadata?.namespace);
}
