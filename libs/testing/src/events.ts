import type { EventRecorder, EventType, KubeObject } from '@kuack/controller';

/** Records Events as `"<Type> <Reason> <message>"` strings, the form table rows list them in. */
export class RecordingEventRecorder implements EventRecorder {
  readonly events: string[] = [];
  event(_obj: KubeObject, type: EventType, reason: string, message: string): void {
    this.events.push(`${type} ${reason} ${message}`);
  }
}

export function eventf(type: EventType, reason: string, message: string): string {
  return `${type} ${reason} ${message}`;
}
