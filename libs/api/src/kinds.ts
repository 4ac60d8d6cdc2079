// Every kind Kuack serves. Each API group folder exports its definitions; add a group with one line here.
import { autoscalingKinds } from './autoscaling/kinds';
import { KindRegistry, type KindDefinition } from './core/registry';
import { networkingKinds } from './networking/kinds';
import { servingKinds } from './serving/kinds';

export const ALL_KINDS: KindDefinition[] = [...servingKinds, ...autoscalingKinds, ...networkingKinds];

export const defaultRegistry = new KindRegistry(ALL_KINDS);
