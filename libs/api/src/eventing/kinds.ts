import type { KindDefinition } from '../core/registry';
import { brokerKind } from './broker.kind';
import { eventTypeKind } from './eventtype.kind';
import { triggerKind } from './trigger.kind';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- definitions of different object types
export const eventingKinds: KindDefinition<any>[] = [brokerKind, triggerKind, eventTypeKind];
