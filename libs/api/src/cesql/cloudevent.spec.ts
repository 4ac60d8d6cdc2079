// The evaluator reads a `cloudevents` SDK CloudEvent directly: attributes and extensions are its own properties.
import { CloudEvent } from 'cloudevents';
import { cesqlMatches, evaluateCesql } from './evaluator';
import { parseCesql } from './parser';

describe('CESQL over a cloudevents CloudEvent', () => {
  const event = new CloudEvent({
    id: 'a1',
    source: 'https://shop.example.com/orders',
    type: 'com.example.order.created',
    subject: 'order-17',
    time: '2026-01-01T10:00:00Z',
    datacontenttype: 'application/json',
    data: { amount: 1200 },
    tenant: 'acme',
    sequence: 7,
    priority: true,
  });

  it.each([
    ["type = 'com.example.order.created' AND subject LIKE 'order-%'", true],
    ["tenant = 'acme' AND sequence > 5 AND priority", true],
    ["time LIKE '2026-01-01T%'", true],
    ['EXISTS datacontenttype AND NOT EXISTS dataschema', true],
    ["datacontenttype = 'application/json'", true],
  ])('%s → %s', (expression, expected) => {
    expect(cesqlMatches(parseCesql(expression), event)).toBe(expected);
  });

  it('does not expose the data as an attribute', () => {
    expect(evaluateCesql(parseCesql('EXISTS data'), event).value).toBe(false);
    expect(evaluateCesql(parseCesql('amount = 1200'), event).errors.map((e) => e.kind)).toEqual([
      'missingAttribute',
    ]);
  });
});
