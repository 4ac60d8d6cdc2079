import type { KindDefinition } from '../core/registry';
import {
  AGE_COLUMN,
  READY_COLUMN,
  REASON_COLUMN,
  URL_COLUMN,
  validateNamespacedMeta,
} from '../eventing/duck/kind-helpers';
import { SUBSCRIBABLE_CRD_LABELS } from './channel-template';
import { defaultInMemoryChannel } from './in-memory-channel.defaults';
import { inMemoryChannelConditionSet } from './in-memory-channel.lifecycle';
import { type InMemoryChannel, InMemoryChannelSchema } from './in-memory-channel.types';
import { validateInMemoryChannel } from './in-memory-channel.validation';

export const inMemoryChannelKind: KindDefinition<InMemoryChannel> = {
  group: 'messaging.knative.dev',
  version: 'v1',
  kind: 'InMemoryChannel',
  plural: 'inmemorychannels',
  singular: 'inmemorychannel',
  shortNames: ['imc'],
  categories: ['all', 'knative', 'messaging'],
  scope: 'Namespaced',
  printerColumns: [URL_COLUMN, AGE_COLUMN, READY_COLUMN, REASON_COLUMN],
  schema: InMemoryChannelSchema,
  subresources: { status: true },
  crdLabels: SUBSCRIBABLE_CRD_LABELS,
  conditionSet: inMemoryChannelConditionSet,
  defaults: (obj) => defaultInMemoryChannel(obj),
  validate: (obj, ctx) =>
    validateNamespacedMeta(obj).also(
      validateInMemoryChannel(obj, ctx.config, ctx.old as InMemoryChannel | undefined, ctx.userInfo),
    ),
};
