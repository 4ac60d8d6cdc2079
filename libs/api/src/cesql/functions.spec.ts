import { castArguments, resolveFunction } from './functions';

describe('resolveFunction', () => {
  it.each([
    ['LENGTH', 1, 'LENGTH/1'],
    ['LENGTH', 2, undefined],
    ['CONCAT', 0, 'CONCAT/0+'],
    ['CONCAT', 5, 'CONCAT/0+'],
    ['CONCAT_WS', 0, undefined],
    ['CONCAT_WS', 1, 'CONCAT_WS/1+'],
    ['SUBSTRING', 2, 'SUBSTRING/2'],
    ['SUBSTRING', 3, 'SUBSTRING/3'],
    ['SUBSTRING', 4, undefined],
    ['INT', 1, 'INT/1'],
    ['UNKNOWN', 1, undefined],
  ])('%s with %d argument(s) → %s', (name, arity, expected) => {
    const fn = resolveFunction(name, arity);
    const label = fn ? `${fn.name}/${fn.params.length}${fn.variadic ? '+' : ''}` : undefined;
    expect(label).toBe(expected);
  });
});

describe('castArguments', () => {
  it('casts each argument to its parameter type and reports cast errors', () => {
    const left = resolveFunction('LEFT', 2)!;
    expect(castArguments(left, [123, '2'])).toEqual({ values: ['123', 2], errors: [] });
    const bad = castArguments(left, ['abc', 'two']);
    expect(bad.values).toEqual(['abc', 0]);
    expect(bad.errors.map((e) => e.kind)).toEqual(['cast']);
  });

  it('passes Any parameters through untouched', () => {
    expect(castArguments(resolveFunction('BOOL', 1)!, [7])).toEqual({ values: [7], errors: [] });
  });
});
