import type { KindDefinition } from '../core/registry';
import { parallelKind } from './parallel.kind';
import { sequenceKind } from './sequence.kind';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- definitions of different object types
export const flowsKinds: KindDefinition<any>[] = [sequenceKind, parallelKind];
