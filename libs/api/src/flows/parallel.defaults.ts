import type { ApiConfig } from '../core/config';
import { defaultDestination } from '../core/duck/destination';
import { defaultDeliverySpec } from '../eventing/duck/delivery.validation';
import { defaultChannelTemplate } from '../messaging/channel-template';
import type { Parallel } from './parallel.types';

/** Parallel.SetDefaults: channelTemplate from default-ch-webhook, namespaces on every ref. */
export function defaultParallel(parallel: Parallel, config: ApiConfig): void {
  const namespace = parallel.metadata?.namespace;
  parallel.spec ??= {};
  const spec = parallel.spec;
  if (!spec.channelTemplate) {
    const template = defaultChannelTemplate(config, namespace ?? '');
    if (template) spec.channelTemplate = template;
  }
  for (const branch of spec.branches ?? []) {
    defaultDestination(branch.filter, namespace);
    defaultDestination(branch.subscriber, namespace);
    defaultDestination(branch.reply, namespace);
    defaultDeliverySpec(branch.delivery, namespace);
  }
  defaultDestination(spec.reply, namespace);
}
