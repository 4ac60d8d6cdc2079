import type { SubscriptionsAPIFilter } from './filters.types';
import { dialectsOf, validateSubscriptionsAPIFilters, validateTriggerFilter } from './filters.validation';

const lines = (errs: ReturnType<typeof validateTriggerFilter>) =>
  errs.list().map((e) => `${e.path}: ${e.message}${e.details ? ` (${e.details})` : ''}`);

describe('validateTriggerFilter', () => {
  it.each<[string, Record<string, string>, string[]]>([
    ['valid names', { type: 'a', source: '', myext1: 'x' }, []],
    [
      'upper case and dashes',
      { Type: 'a', 'my-ext': 'b' },
      [
        'attributes[Type]: invalid key name "Type" (Attribute name must start with a letter and can only contain lowercase alphanumeric)',
        'attributes[my-ext]: invalid key name "my-ext" (Attribute name must start with a letter and can only contain lowercase alphanumeric)',
      ],
    ],
    [
      'leading digit',
      { '1st': 'x' },
      [
        'attributes[1st]: invalid key name "1st" (Attribute name must start with a letter and can only contain lowercase alphanumeric)',
      ],
    ],
  ])('%s', (_name, attributes, expected) => {
    expect(lines(validateTriggerFilter({ attributes }))).toEqual(expected);
  });
});

describe('validateSubscriptionsAPIFilters', () => {
  it.each<[string, SubscriptionsAPIFilter[], string[]]>([
    ['no filters', [], []],
    [
      'one dialect per entry of every kind',
      [
        { exact: { type: 'com.example.order.created' } },
        { prefix: { source: 'https://shop' } },
        { suffix: { subject: '.png' } },
        { all: [{ exact: { tenant: 'acme' } }, { not: { exact: { region: 'eu' } } }] },
        { any: [{ prefix: { type: 'a.' } }, { suffix: { type: '.b' } }] },
        { not: { cesql: "type LIKE 'internal.%'" } },
        { cesql: "EXISTS tenant AND tenant IN ('acme', 'globex')" },
      ],
      [],
    ],
    [
      'two dialects',
      [{ exact: { type: 'a' }, prefix: { source: 'b' } }],
      ['[0]: multiple dialects found, filters can have only one dialect set'],
    ],
    [
      'cesql and exact',
      [{ exact: { type: 'a' }, cesql: 'true' }],
      ['[0]: multiple dialects found, filters can have only one dialect set'],
    ],
    ['empty maps do not count', [{ exact: {}, prefix: { type: 'a' } }], []],
    [
      'nested multiple dialects',
      [{ all: [{ exact: { a: 'x' } }, { any: [{ not: { exact: { b: 'y' } }, suffix: { c: 'z' } }] }] }],
      ['[0].all[1].any[0]: multiple dialects found, filters can have only one dialect set'],
    ],
    [
      'bad attribute names in each map',
      [{ exact: { Type: 'x' } }, { prefix: { 'a-b': 'x' } }, { suffix: { _x: 'x' } }],
      [
        '[0].exact[Type]: invalid key name "Type" (Attribute name must start with a letter and can only contain lowercase alphanumeric)',
        '[1].prefix[a-b]: invalid key name "a-b" (Attribute name must start with a letter and can only contain lowercase alphanumeric)',
        '[2].suffix[_x]: invalid key name "_x" (Attribute name must start with a letter and can only contain lowercase alphanumeric)',
      ],
    ],
    [
      'cesql that does not parse',
      [{ cesql: "type = 'a' AND" }],
      [
        "[0].cesql: invalid value: type = 'a' AND (parse error at column 15: unexpected end of input, expected an expression)",
      ],
    ],
    [
      'cesql LIKE without a string',
      [{ not: { cesql: 'x LIKE 1' } }],
      [
        "[0].not.cesql: invalid value: x LIKE 1 (parse error at column 8: the pattern of LIKE must be a string literal, found '1')",
      ],
    ],
  ])('%s', (_name, filters, expected) => {
    expect(lines(validateSubscriptionsAPIFilters(filters))).toEqual(expected);
  });

  it('indexes each entry by its own position', () => {
    const errs = validateSubscriptionsAPIFilters([
      { exact: { ok: 'x' } },
      { exact: { Bad: 'x' } },
      { exact: { ok: 'x' }, cesql: 'true' },
    ]);
    expect(errs.list().map((e) => e.path)).toEqual(['[1].exact[Bad]', '[2]']);
  });
});

describe('dialectsOf', () => {
  it('lists the dialects set', () => {
    expect(dialectsOf({ exact: { a: 'b' }, not: {}, cesql: '' })).toEqual(['exact', 'not']);
  });
});
