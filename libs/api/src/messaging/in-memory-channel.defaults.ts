import { defaultDeliverySpec } from '../eventing/duck/delivery.validation';
import { SUBSCRIBABLE_DUCK_VERSION_ANNOTATION } from './channel-template';
import type { InMemoryChannel } from './in-memory-channel.types';

/** InMemoryChannel.SetDefaults: the subscribable duck version annotation and delivery ref namespaces. */
export function defaultInMemoryChannel(channel: InMemoryChannel): void {
  channel.metadata ??= {};
  const annotations = channel.metadata.annotations ?? {};
  if (!(SUBSCRIBABLE_DUCK_VERSION_ANNOTATION in annotations)) {
    channel.metadata.annotations = { ...annotations, [SUBSCRIBABLE_DUCK_VERSION_ANNOTATION]: 'v1' };
  }
  defaultDeliverySpec(channel.spec?.delivery, channel.metadata.namespace);
}
