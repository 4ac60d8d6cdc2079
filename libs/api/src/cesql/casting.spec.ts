import { castExplicit, castImplicit } from './casting';

describe('castExplicit', () => {
  it.each([
    [12, 'String', '12', false],
    [-3, 'String', '-3', false],
    [true, 'String', 'true', false],
    [false, 'String', 'false', false],
    ['42', 'Integer', 42, false],
    ['-42', 'Integer', -42, false],
    ['+42', 'Integer', 42, false],
    ['4.2', 'Integer', 0, true],
    ['', 'Integer', 0, true],
    ['2147483647', 'Integer', 2147483647, false],
    ['-2147483649', 'Integer', 0, true],
    [true, 'Integer', 1, false],
    [false, 'Integer', 0, false],
    ['TRUE', 'Boolean', true, false],
    ['False', 'Boolean', false, false],
    ['1', 'Boolean', false, true],
    [0, 'Boolean', false, false],
    [7, 'Boolean', true, false],
    ['same', 'String', 'same', false],
  ] as const)('%j → %s = %j (error: %s)', (value, target, expected, isError) => {
    const result = castExplicit(value, target);
    expect(result.value).toBe(expected);
    expect(result.error?.kind).toBe(isError ? 'cast' : undefined);
  });
});

describe('castImplicit', () => {
  it('refuses Integer → Boolean (the conformance kit: NOT 10 raises a CastError)', () => {
    expect(castImplicit(10, 'Boolean')).toEqual({
      value: false,
      error: { kind: 'cast', message: 'cannot implicitly cast Integer 10 to Boolean' },
    });
  });

  it('otherwise casts like the explicit functions', () => {
    expect(castImplicit('true', 'Boolean')).toEqual({ value: true });
    expect(castImplicit(true, 'Integer')).toEqual({ value: 1 });
    expect(castImplicit(5, 'String')).toEqual({ value: '5' });
  });
});
