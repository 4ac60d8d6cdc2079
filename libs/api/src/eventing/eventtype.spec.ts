// EventType is small: defaults, validation and lifecycle tables in one file.
import { getCondition } from '../core/conditions';
import { defaultEventType } from './eventtype.defaults';
import { EventTypeLifecycle } from './eventtype.lifecycle';
import type { EventType, EventTypeStatus } from './eventtype.types';
import { validateEventType } from './eventtype.validation';

const REQUIRED = ['type', 'source', 'specversion', 'id'].map((name) => ({ name, required: true }));

function eventType(spec: EventType['spec']): EventType {
  return {
    apiVersion: 'eventing.knative.dev/v1beta3',
    kind: 'EventType',
    metadata: { name: 'order-created', namespace: 'shop' },
    spec,
  };
}

describe('EventType', () => {
  it('defaults the reference namespace', () => {
    const et = eventType({
      reference: { apiVersion: 'eventing.knative.dev/v1', kind: 'Broker', name: 'default' },
      attributes: REQUIRED,
    });
    defaultEventType(et);
    expect(et.spec?.reference?.namespace).toBe('shop');
  });

  it.each<[string, EventType['spec'], string[]]>([
    ['all required attributes', { attributes: [...REQUIRED, { name: 'subject', required: false }] }, []],
    [
      'no attributes',
      {},
      ['spec.attributes.type', 'spec.attributes.source', 'spec.attributes.specversion', 'spec.attributes.id'],
    ],
    [
      'missing id and source',
      { attributes: REQUIRED.filter((a) => a.name === 'type' || a.name === 'specversion') },
      ['spec.attributes.source', 'spec.attributes.id'],
    ],
  ])('validation: %s', (_name, spec, paths) => {
    const errs = validateEventType(eventType(spec)).list();
    expect(errs.map((e) => e.path)).toEqual(paths);
    for (const e of errs) expect(e.message).toBe('missing field(s)');
  });

  it.each<[string, (lc: EventTypeLifecycle) => void, string, string | undefined]>([
    ['reference exists', (lc) => lc.markReferenceExists(), 'True', undefined],
    ['reference not set', (lc) => lc.markReferenceNotSet(), 'True', 'ReferenceNotSet'],
    ['reference missing', (lc) => lc.markReferenceDoesNotExist(), 'False', 'ResourceDoesNotExist'],
    ['unknown', (lc) => lc.markReferenceExistsUnknown('Checking', 'x'), 'Unknown', 'Checking'],
  ])('lifecycle: %s', (_name, act, ready, reason) => {
    const status: EventTypeStatus = {};
    const lc = new EventTypeLifecycle(status);
    lc.initializeConditions();
    act(lc);
    expect(getCondition(status, 'ReferenceExists')).toMatchObject({
      status: ready,
      ...(reason ? { reason } : {}),
    });
    expect(getCondition(status, 'Ready')?.status).toBe(ready);
  });
});
