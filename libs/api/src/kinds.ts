// Every kind Kuack serves. Each API group folder exports its definitions; add a group with one line here.
import { autoscalingKinds } from './autoscaling/kinds';
import { KindRegistry, type KindDefinition } from './core/registry';
import { eventingKinds } from './eventing/kinds';
import { flowsKinds } from './flows/kinds';
import { messagingKinds } from './messaging/kinds';
import { networkingKinds } from './networking/kinds';
import { servingKinds } from './serving/kinds';
import { sourcesKinds } from './sources/kinds';

export const ALL_KINDS: KindDefinition[] = [
  ...servingKinds,
  ...autoscalingKinds,
  ...networkingKinds,
  ...eventingKinds,
  ...messagingKinds,
  ...flowsKinds,
  ...sourcesKinds,
];

export const defaultRegistry = new KindRegistry(ALL_KINDS);
