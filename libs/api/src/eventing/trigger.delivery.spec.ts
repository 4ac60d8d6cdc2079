import type { Broker } from './broker.types';
import { effectiveTriggerDelivery } from './trigger.delivery';
import type { Trigger } from './trigger.types';

const broker: Broker = { spec: { delivery: { retry: 5, deadLetterSink: { uri: 'http://dls.example' } } } };

describe('effectiveTriggerDelivery', () => {
  it("uses the Broker's delivery when the Trigger has none", () => {
    expect(effectiveTriggerDelivery({ spec: { broker: 'b' } }, broker)).toEqual({
      retry: 5,
      deadLetterSink: { uri: 'http://dls.example' },
    });
  });

  it("replaces the Broker's delivery as a whole, without merging", () => {
    const trigger: Trigger = {
      spec: { broker: 'b', delivery: { backoffPolicy: 'linear', backoffDelay: 'PT1S' } },
    };
    expect(effectiveTriggerDelivery(trigger, broker)).toEqual({
      backoffPolicy: 'linear',
      backoffDelay: 'PT1S',
    });
  });

  it('is undefined when neither has one', () => {
    expect(effectiveTriggerDelivery({ spec: { broker: 'b' } }, { spec: {} })).toBeUndefined();
    expect(effectiveTriggerDelivery({ spec: { broker: 'b' } }, undefined)).toBeUndefined();
  });
});
