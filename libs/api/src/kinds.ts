// Every kind Kuack serves. Each API group folder exports its definitions; add a group with one line here.
import { KindRegistry, type KindDefinition } from './core/registry';
import { servingKinds } from './serving/kinds';

export const ALL_KINDS: KindDefinition[] = [...servingKinds];

export const defaultRegistry = new KindRegistry(ALL_KINDS);
