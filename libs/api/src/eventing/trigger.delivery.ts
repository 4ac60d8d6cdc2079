import type { DeliverySpec } from '../core/duck/delivery';
import type { Broker } from './broker.types';
import type { Trigger } from './trigger.types';

/** The delivery a Trigger's dispatcher uses: the Trigger's own `delivery` replaces the Broker's as a whole. */
export function effectiveTriggerDelivery(
  trigger: Trigger,
  broker: Broker | undefined,
): DeliverySpec | undefined {
  return trigger.spec?.delivery ?? broker?.spec?.delivery;
}
