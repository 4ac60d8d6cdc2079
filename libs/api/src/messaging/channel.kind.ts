import type { KindDefinition } from '../core/registry';
import {
  AGE_COLUMN,
  READY_COLUMN,
  REASON_COLUMN,
  URL_COLUMN,
  validateNamespacedMeta,
} from '../eventing/duck/kind-helpers';
import { SUBSCRIBABLE_CRD_LABELS } from './channel-template';
import { defaultChannel } from './channel.defaults';
import { channelConditionSet } from './channel.lifecycle';
import { type Channel, ChannelSchema } from './channel.types';
import { validateChannel } from './channel.validation';

export const channelKind: KindDefinition<Channel> = {
  group: 'messaging.knative.dev',
  version: 'v1',
  kind: 'Channel',
  plural: 'channels',
  singular: 'channel',
  shortNames: ['ch'],
  categories: ['all', 'knative', 'messaging'],
  scope: 'Namespaced',
  printerColumns: [URL_COLUMN, AGE_COLUMN, READY_COLUMN, REASON_COLUMN],
  schema: ChannelSchema,
  subresources: { status: true },
  crdLabels: SUBSCRIBABLE_CRD_LABELS,
  conditionSet: channelConditionSet,
  defaults: (obj, ctx) => defaultChannel(obj, ctx.config),
  validate: (obj, ctx) =>
    validateNamespacedMeta(obj).also(validateChannel(obj, ctx.config, ctx.old as Channel | undefined)),
};
