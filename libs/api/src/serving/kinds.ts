import type { KindDefinition } from '../core/registry';

export const servingKinds: KindDefinition[] = [];
