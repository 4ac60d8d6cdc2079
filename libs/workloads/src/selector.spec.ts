import { selectorMatches, selectorToString } from './selector';
import type { LabelSelector } from './types';

describe('label selectors', () => {
  const labels = { app: 'a', tier: 'web' };
  it.each([
    [{ matchLabels: { app: 'a' } }, true],
    [{ matchLabels: { app: 'b' } }, false],
    [{}, true],
    [{ matchExpressions: [{ key: 'tier', operator: 'In', values: ['web', 'db'] }] }, true],
    [{ matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['web'] }] }, false],
    [{ matchExpressions: [{ key: 'zone', operator: 'NotIn', values: ['x'] }] }, true],
    [{ matchExpressions: [{ key: 'app', operator: 'Exists' }] }, true],
    [{ matchExpressions: [{ key: 'app', operator: 'DoesNotExist' }] }, false],
    [{ matchLabels: { app: 'a' }, matchExpressions: [{ key: 'zone', operator: 'Exists' }] }, false],
  ] as [LabelSelector, boolean][])('%j → %p', (selector, want) =>
    expect(selectorMatches(selector, labels)).toBe(want),
  );

  it('matches nothing without a selector; names a bad operator', () => {
    expect(selectorMatches(undefined, labels)).toBe(false);
    expect(() =>
      selectorMatches({ matchExpressions: [{ key: 'a', operator: 'Near' as never }] }, labels),
    ).toThrow('selector.matchExpressions: unknown operator "Near"');
  });

  it('writes the API string form', () => {
    expect(
      selectorToString({
        matchLabels: { app: 'a' },
        matchExpressions: [
          { key: 't', operator: 'In', values: ['x', 'y'] },
          { key: 'u', operator: 'NotIn', values: ['z'] },
          { key: 'v', operator: 'Exists' },
          { key: 'w', operator: 'DoesNotExist' },
        ],
      }),
    ).toBe('app=a,t in (x,y),u notin (z),v,!w');
  });
});
