import { isDerivative, semanticEqual } from './semantic';

describe('semanticEqual', () => {
  it('ignores key order and undefined members, not values', () => {
    expect(semanticEqual({ a: 1, b: { c: [1, 2] } }, { b: { c: [1, 2] }, a: 1, d: undefined })).toBe(true);
    expect(
      semanticEqual(
        { conditions: [{ type: 'Ready', status: 'True' }] },
        { conditions: [{ type: 'Ready', status: 'False' }] },
      ),
    ).toBe(false);
    expect(semanticEqual([1, 2], [2, 1])).toBe(false);
    expect(semanticEqual(undefined, {})).toBe(false);
    expect(semanticEqual(undefined, null)).toBe(true);
  });
});

describe('isDerivative', () => {
  it('ignores fields the desired object leaves unset (server defaults)', () => {
    const desired = { spec: { replicas: 1, template: { containers: [{ name: 'a', image: 'x' }] } } };
    const actual = {
      spec: {
        replicas: 1,
        strategy: { type: 'RollingUpdate' },
        template: { containers: [{ name: 'a', image: 'x', imagePullPolicy: 'IfNotPresent' }] },
      },
    };
    expect(isDerivative(desired, actual)).toBe(true);
  });

  it('sees a changed value, a different list length and a missing field', () => {
    expect(isDerivative({ a: { b: 1 } }, { a: { b: 2 } })).toBe(false);
    expect(isDerivative({ l: [1] }, { l: [1, 2] })).toBe(false);
    expect(isDerivative({ a: 'x' }, {})).toBe(false);
  });
});
