import type { ApiConfig } from '../core/config';
import { defaultDeliverySpec } from '../eventing/duck/delivery.validation';
import { SUBSCRIBABLE_DUCK_VERSION_ANNOTATION, defaultChannelTemplate } from './channel-template';
import type { Channel } from './channel.types';

/** Channel.SetDefaults: subscribable duck version annotation, channelTemplate from default-ch-webhook. */
export function defaultChannel(channel: Channel, config: ApiConfig): void {
  channel.metadata ??= {};
  const annotations = channel.metadata.annotations ?? {};
  if (!(SUBSCRIBABLE_DUCK_VERSION_ANNOTATION in annotations)) {
    channel.metadata.annotations = { ...annotations, [SUBSCRIBABLE_DUCK_VERSION_ANNOTATION]: 'v1' };
  }
  channel.spec ??= {};
  if (!channel.spec.channelTemplate) {
    const template = defaultChannelTemplate(config, channel.metadata.namespace ?? '');
    if (template) channel.spec.channelTemplate = template;
  }
  defaultDeliverySpec(channel.spec.delivery, channel.metadata.namespace);
}
