import type { ApiConfig } from '../core/config';
import { defaultDestination } from '../core/duck/destination';
import { defaultDeliverySpec } from '../eventing/duck/delivery.validation';
import { defaultChannelTemplate } from '../messaging/channel-template';
import type { Sequence } from './sequence.types';

/** Sequence.SetDefaults: channelTemplate from default-ch-webhook, namespaces on step and reply refs. */
export function defaultSequence(sequence: Sequence, config: ApiConfig): void {
  const namespace = sequence.metadata?.namespace;
  sequence.spec ??= {};
  const spec = sequence.spec;
  if (!spec.channelTemplate) {
    const template = defaultChannelTemplate(config, namespace ?? '');
    if (template) spec.channelTemplate = template;
  }
  for (const step of spec.steps ?? []) {
    defaultDestination(step, namespace);
    defaultDeliverySpec(step.delivery, namespace);
  }
  defaultDestination(spec.reply, namespace);
}
