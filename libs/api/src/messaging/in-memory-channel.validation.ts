import type { ApiConfig } from '../core/config';
import { FieldErrors, errInvalidValue } from '../core/field-error';
import { deepEqual, diffSummary } from '../core/object';
import { validateDeliverySpec } from '../eventing/duck/delivery.validation';
import {
  EVENTING_CONTROLLER_USER,
  type InMemoryChannel,
  SCOPE_ANNOTATION,
  maySetChannelSubscribers,
} from './in-memory-channel.types';

/**
 * InMemoryChannel.Validate: each subscriber needs a subscriber or reply URI, the scope annotation is
 * `cluster`|`namespace`, and on update only the eventing controller may change `spec.subscribers` (checked when
 * the caller is known; offline validation has no user; see maySetChannelSubscribers).
 */
export function validateInMemoryChannel(
  channel: InMemoryChannel,
  config: ApiConfig,
  old?: InMemoryChannel,
  user?: { username: string },
): FieldErrors {
  const spec = channel.spec ?? {};
  let errs = FieldErrors.none;
  (spec.subscribers ?? []).forEach((s, i) => {
    if (!s.replyUri && !s.subscriberUri) {
      errs = errs.also(
        FieldErrors.of(
          'missing field(s)',
          ['replyURI', 'subscriberURI'],
          'expected at least one of, got none',
        )
          .viaField(`subscriber[${i}]`)
          .viaField('subscribable'),
      );
    }
  });
  errs = errs.also(
    validateDeliverySpec(spec.delivery, config, { parentNamespace: channel.metadata?.namespace }).viaField(
      'delivery',
    ),
  );
  errs = errs.viaField('spec');
  const scope = channel.metadata?.annotations?.[SCOPE_ANNOTATION];
  if (scope !== undefined && scope !== 'namespace' && scope !== 'cluster') {
    errs = errs.also(
      errInvalidValue(scope, '', "expected either 'cluster' or 'namespace'")
        .viaFieldKey('annotations', SCOPE_ANNOTATION)
        .viaField('metadata'),
    );
  }
  if (
    old &&
    user &&
    !maySetChannelSubscribers(user.username) &&
    !deepEqual(old.spec?.subscribers, spec.subscribers)
  ) {
    errs = errs.also(
      FieldErrors.of(
        `Channel.Spec.Subscribers changed by user ${user.username} which was not the ${EVENTING_CONTROLLER_USER} service account`,
        ['spec.subscribers'],
        diffSummary(old.spec?.subscribers, spec.subscribers),
      ),
    );
  }
  return errs;
}
