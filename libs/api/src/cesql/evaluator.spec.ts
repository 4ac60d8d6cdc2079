import type { CesqlErrorKind, CesqlEvent, CesqlValue } from './cesql.types';
import { attributeValue, cesqlMatches, evaluateCesql } from './evaluator';
import { parseCesql } from './parser';

const BASE: CesqlEvent = {
  specversion: '1.0',
  id: 'order-17',
  source: 'https://shop.example/orders',
  type: 'com.example.order.created',
};

type Row = [
  expression: string,
  expected: CesqlValue,
  error?: CesqlErrorKind,
  event?: Record<string, unknown>,
];

function check([expression, expected, error, overrides]: Row): void {
  const result = evaluateCesql(parseCesql(expression), { ...BASE, ...overrides });
  expect(result.value).toBe(expected);
  if (error) {
    expect(result.errors.map((e) => e.kind)).toContain(error);
  } else {
    expect(result.errors).toEqual([]);
  }
}

describe('evaluateCesql', () => {
  describe('literals and case insensitivity', () => {
    it.each<Row>([
      ['true', true],
      ['TrUe', true],
      ['FALSE', false],
      ['fAlSe', false],
      ['0', 0],
      ['42', 42],
      ['-42', -42],
      ['+7', 7],
      ["'Hello'", 'Hello'],
      ['"WoRlD"', 'WoRlD'],
      [`'it\\'s "quoted"'`, `it's "quoted"`],
      [`"say \\"hi\\" it's"`, `say "hi" it's`],
      ["'it''s'", "it's"],
      ['(TRUE)', true],
      ['((7))', 7],
    ])('%s', (...row) => check(row));
  });

  describe('attribute access', () => {
    it.each<Row>([
      ['id', 'order-17'],
      ['ID', 'order-17'],
      ['subject', 'sku-1', undefined, { subject: 'sku-1' }],
      ['subject', false, 'missingAttribute'],
      ['flag', true, undefined, { flag: true }],
      ['count', 12, undefined, { count: 12 }],
      ['label', 'blue tag', undefined, { label: 'blue tag' }],
      ['source', 'https://shop.example/orders'],
      ['time', '2024-03-01T10:00:00+01:00', undefined, { time: '2024-03-01T10:00:00+01:00' }],
      ['time', '2024-03-01T09:00:00.000Z', undefined, { time: new Date('2024-03-01T09:00:00Z') }],
      ['data', false, 'missingAttribute', { data: 'payload' }],
    ])('%s', (...row) => check(row));
  });

  describe('EXISTS', () => {
    it.each<Row>([
      ['EXISTS id AND EXISTS source AND EXISTS specversion AND EXISTS TYPE', true],
      ['EXISTS time', true, undefined, { time: '2024-01-01T00:00:00Z' }],
      ['EXISTS time', false],
      ['NOT EXISTS time', true],
      ['EXISTS tenant', true, undefined, { tenant: 'acme' }],
      ['EXISTS tenant', false],
      ['NOT EXISTS tenant', true],
    ])('%s', (...row) => check(row));

    it('required attributes exist even on an event object that lacks them', () => {
      expect(evaluateCesql(parseCesql('EXISTS id'), {}).value).toBe(true);
    });
  });

  describe('comparison', () => {
    it.each<Row>([
      ['TRUE = FALSE', false],
      ['FALSE = FALSE', true],
      ['3 = 4', false],
      ['4 = 4', true],
      ["'x' = 'y'", false],
      ["'x' = 'x'", true],
      ["'x' = 'X'", false],
      ['TRUE != FALSE', true],
      ['4 != 4', false],
      ["'x' != 'y'", true],
      ['TRUE <> FALSE', true],
      ['4 <> 4', false],
      ["'x' <> 'x'", false],
      ['3 <= 3', true],
      ['4 <= 3', false],
      ['2 < 3', true],
      ['3 < 3', false],
      ['3 >= 3', true],
      ['3 >= 4', false],
      ['4 > 3', true],
      ['3 > 3', false],
      ['missing = 1', false, 'missingAttribute'],
      ['missing != 1', false, 'missingAttribute'],
      ['missing <> 1', false, 'missingAttribute'],
      ['missing <= 1', false, 'missingAttribute'],
      // `=` casts the left operand to the right operand's type.
      ["TRUE = 'TRUE'", false],
      ["TRUE = 'true'", true],
      ["'TRUE' = TRUE", true],
      ['sequence = 10', true, undefined, { sequence: '10' }],
      ['sequence = 10', false, undefined, { sequence: '11' }],
      ['10 = sequence', true, undefined, { sequence: '10' }],
      ['hop < ttl', true, undefined, { hop: '5', ttl: '10' }],
      ["'abc' = 1", false, 'cast'],
      ['1 = TRUE', false, 'cast'],
    ])('%s', (...row) => check(row));
  });

  describe('logic', () => {
    it.each<Row>([
      ['FALSE AND FALSE', false],
      ['FALSE AND TRUE', false],
      ['TRUE AND FALSE', false],
      ['TRUE AND TRUE', true],
      ['FALSE OR FALSE', false],
      ['FALSE OR TRUE', true],
      ['TRUE OR FALSE', true],
      ['TRUE OR TRUE', true],
      ['FALSE XOR FALSE', false],
      ['FALSE XOR TRUE', true],
      ['TRUE XOR FALSE', true],
      ['TRUE XOR TRUE', false],
      // Short-circuit: the right side is never evaluated, so its error never happens.
      ['FALSE AND (1 = 1 / 0)', false],
      ['TRUE OR (1 = 1 / 0)', true],
      ['TRUE AND (1 != 1 / 0)', false, 'math'],
      ['FALSE OR (1 != 1 / 0)', false, 'math'],
      ["type = 'com.example.order.created' OR missing = 'x'", true],
      ['TRUE AND (missing = "")', false, 'missingAttribute'],
      ["'true' AND 'FALSE'", false],
      ["'true' AND 'yes'", false, 'cast'],
      ['1 AND TRUE', false, 'cast'],
      // One precedence level, right-associative (the spec grammar): FALSE AND (FALSE OR TRUE).
      ['FALSE AND FALSE OR TRUE', false],
      ['TRUE OR FALSE AND FALSE', true],
    ])('%s', (...row) => check(row));
  });

  describe('arithmetic', () => {
    it.each<Row>([
      ['4 * 2 + 4 / 2', 10],
      ['4 * (2 + 4) / 2', 12],
      ['7 / 2', 3],
      ['-7 / 2', -3],
      ['7 % 3', 1],
      ['-7 % 3', -1],
      ['7 % -3', 1],
      ['7 / 0', 0, 'math'],
      ['7 % 0', 0, 'math'],
      ['missing / 0', 0, 'missingAttribute'],
      ['missing % 0', 0, 'missingAttribute'],
      ['missing * 5', 0, 'missingAttribute'],
      ['1 / missing', 0, 'missingAttribute'],
      ['4 + 1', 5],
      ['-4 + 1', -3],
      ['-4 + -1', -5],
      ['4 + -1', 3],
      ['4 - 1', 3],
      ['4-1', 3],
      ['-4 - 1', -5],
      ["'5' + 3", 8],
      ["5 + '3'", 8],
      ["'5' + '3'", 8],
      ['5 + TRUE', 6],
      ["'five' + 1", 1, 'cast'],
      ['2147483647 + 1', -2147483648],
    ])('%s', (...row) => check(row));
  });

  describe('unary operators', () => {
    it.each<Row>([
      ['-10', -10],
      ['--10', 10],
      ["-'10'", -10],
      ["--'10'", 10],
      ['-TRUE', -1],
      ['- 3', -3],
      ['-missing', 0, 'missingAttribute'],
      ['NOT TRUE', false],
      ['NOT FALSE', true],
      ["NOT 'TRUE'", false],
      ["NOT 'false'", true],
      ['NOT 10', true, 'cast'],
      ['NOT missing', false, 'missingAttribute'],
    ])('%s', (...row) => check(row));
  });

  describe('LIKE', () => {
    it.each<Row>([
      ["'abc' LIKE 'abc'", true],
      ["'ab\\c' LIKE 'ab\\c'", true],
      ["'abc' NOT LIKE 'abc'", false],
      ["'abc' LIKE 'a%b%c'", true],
      ["'aXXbYYc' LIKE 'a%b%c'", true],
      ["'ac' LIKE 'abc'", false],
      ["'' LIKE 'abc'", false],
      ["'' LIKE '%'", true],
      ["'.ab.cde.' LIKE '.%.%.'", true],
      ["'ab.cde' LIKE '.%.%.'", false],
      ["'abc' LIKE 'a_b_c'", false],
      ["'aXbYc' LIKE 'a_b_c'", true],
      ["'abXc' LIKE 'a_b_c'", false],
      ["'a_b_c' LIKE 'a\\_b\\_c'", true],
      ["'aXbXc' LIKE 'a\\_b\\_c'", false],
      ["'a%b%c' LIKE 'a\\%b\\%c'", true],
      ["'abc' LIKE 'a\\%b\\%c'", false],
      ["'ABC' LIKE 'abc'", false],
      ["'a+b(c)' LIKE 'a+b(_)'", true],
      ["'line1\nline2' LIKE 'line1%'", true],
      ["ext LIKE 'abc%123\\%456\\_d_f'", true, undefined, { ext: 'abc123123%456_dzf' }],
      ["ext NOT LIKE 'abc%123\\%456\\_d_f'", false, undefined, { ext: 'abc123123%456_dzf' }],
      ["234 LIKE '23_'", true],
      ["2344 LIKE '23%'", true],
      ["2344 LIKE '23_'", false],
      ["TRUE LIKE 'tr%'", true],
      ["FALSE LIKE 'fal%'", true],
      ["missing LIKE 'x%'", false, 'missingAttribute'],
      ["type LIKE 'com.example.%' AND missing LIKE 'custom%'", false, 'missingAttribute'],
      ["type LIKE '%.created'", true],
      ["source LIKE 'https://%'", true],
    ])('%s', (...row) => check(row));
  });

  describe('IN', () => {
    it.each<Row>([
      ['3 IN (1, 2, 3)', true],
      ['3 NOT IN (1, 2, 3)', false],
      ['4 NOT IN (1, 2, 3)', true],
      ["'b' IN ('a', \"b\")", true],
      ["'z' IN ('a', 'b')", false],
      ['TRUE IN (TRUE, FALSE)', true],
      ['TRUE IN (FALSE)', false],
      ["source IN (mirror, 'x')", true, undefined, { mirror: 'https://shop.example/orders' }],
      ['source IN (source)', true],
      ["source IN (id, 'x')", false],
      ["'true' IN (TRUE, 'false')", true],
      ["'true' IN ('TRUE', 'false')", false],
      ["TRUE IN ('true', 'false')", true],
      ["'TRUE' IN (TRUE, 'false')", false],
      ["1 IN ('1', '2')", true],
      ["'1' IN (1, 2)", true],
      ['missing IN (1, 2)', false, 'missingAttribute'],
      ['missing NOT IN (1, 2)', false, 'missingAttribute'],
      ['1 IN (missing, 2)', false, 'missingAttribute'],
      ["1 IN ('one', 1)", true, 'cast'],
    ])('%s', (...row) => check(row));
  });

  describe('functions', () => {
    it.each<Row>([
      ["LENGTH('abc')", 3],
      ["LENGTH('')", 0],
      ['LENGTH(TRUE)', 4],
      ['LENGTH(123)', 3],
      ["LENGTH('héllo😀')", 6],
      ["CONCAT('a', 'b', 'c')", 'abc'],
      ['CONCAT()', ''],
      ["CONCAT('a', 1, TRUE)", 'a1true'],
      ["CONCAT_WS(',', 'a', 'b', 'c')", 'a,b,c'],
      ["CONCAT_WS(',')", ''],
      ["CONCAT_WS('-', 'a')", 'a'],
      ['CONCAT_WS()', false, 'missingFunction'],
      ["LOWER('AbC')", 'abc'],
      ["UPPER('AbC')", 'ABC'],
      ["lower('X')", 'x'],
      ["TRIM('  a b  ')", 'a b'],
      ["TRIM('\ta b\n')", 'a b'],
      ["LEFT('abc', 2)", 'ab'],
      ["LEFT('abc', 10)", 'abc'],
      ["LEFT('', 0)", ''],
      ["LEFT('abc', -2)", 'abc', 'functionEvaluation'],
      ["RIGHT('abc', 2)", 'bc'],
      ["RIGHT('abc', 10)", 'abc'],
      ["RIGHT('abc', -1)", 'abc', 'functionEvaluation'],
      ["SUBSTRING('abcdef', 1)", 'abcdef'],
      ["SUBSTRING('abcdef', 3)", 'cdef'],
      ["SUBSTRING('Sakila', -3)", 'ila'],
      ["SUBSTRING('abcdef', 2, 3)", 'bcd'],
      ["SUBSTRING('Sakila', -5, 3)", 'aki'],
      ["SUBSTRING('abcdef', 3, 100)", 'cdef'],
      ["SUBSTRING('abcdef', 0)", ''],
      ["SUBSTRING('abcdef', 0, 1)", ''],
      ["SUBSTRING('abcdef', 7)", '', 'functionEvaluation'],
      ["SUBSTRING('abcdef', -7)", '', 'functionEvaluation'],
      ["SUBSTRING('abcdef', 7, 1)", '', 'functionEvaluation'],
      ["SUBSTRING('abcdef', 1, -1)", '', 'functionEvaluation'],
      ['ABS(10)', 10],
      ['ABS(-10)', 10],
      ['ABS(0)', 0],
      ['ABS(-2147483648)', 2147483647, 'math'],
      ["ABS('-4')", 4],
      ["ABS('x')", 0, 'cast'],
      ['NOPE(1)', false, 'missingFunction'],
      ["LOWER('a', 'b')", false, 'missingFunction'],
      ['LENGTH(missing)', 0, 'missingAttribute'],
      ['UPPER(missing)', '', 'missingAttribute'],
      ['int(hop) < int(ttl) and int(hop) < 1000', true, undefined, { hop: '5', ttl: '10' }],
    ])('%s', (...row) => check(row));
  });

  describe('casting functions', () => {
    it.each<Row>([
      ["INT('12')", 12],
      ["INT('-12')", -12],
      ["INT('+12')", 12],
      ['INT(5)', 5],
      ['INT(TRUE)', 1],
      ['INT(FALSE)', 0],
      ["INT('twelve')", 0, 'cast'],
      ["INT('2147483648')", 0, 'cast'],
      ["INT(' 1')", 0, 'cast'],
      ["BOOL('TRUE')", true],
      ['BOOL("false")', false],
      ['BOOL(TRUE)', true],
      ["BOOL('yes')", false, 'cast'],
      ['BOOL(1)', true],
      ['BOOL(0)', false],
      ['BOOL(-50)', true],
      ['STRING(TRUE)', 'true'],
      ['STRING(FALSE)', 'false'],
      ['STRING(-1)', '-1'],
      ["STRING('abc')", 'abc'],
      ['INT(missing)', 0, 'missingAttribute'],
    ])('%s', (...row) => check(row));
  });

  describe('filter-shaped expressions', () => {
    const dnf =
      "(id = 'a' AND type LIKE '%.success') OR (id = 'b' AND source LIKE 'http://%' AND type LIKE '%.warning')";
    const cnf =
      "(id = 'a' OR type LIKE '%.success') AND (id = 'b' OR source LIKE 'https://%' OR type LIKE '%.warning')";
    it.each<Row>([
      [dnf, true, undefined, { id: 'a', type: 'x.success' }],
      [dnf, true, undefined, { id: 'b', type: 'x.warning', source: 'http://host' }],
      [dnf, false, undefined, { id: 'b', type: 'x.warning', source: 'https://host' }],
      [cnf, true, undefined, { id: 'a', type: 'x.warning', source: 'http://host' }],
      [cnf, true, undefined, { id: 'b', type: 'x.success', source: 'http://host' }],
      [cnf, false, undefined, { id: 'b', type: 'x.warning', source: 'http://host' }],
      [cnf, false, undefined, { id: 'a', type: 'x.success', source: 'http://host' }],
      [
        `${cnf} AND (ext = 'v')`,
        false,
        'missingAttribute',
        { id: 'a', type: 'x.warning', source: 'http://host' },
      ],
      ["id LIKE 'my%' OR ext LIKE '%ext'", false, 'missingAttribute', { id: 'notmine' }],
      ["id LIKE 'my%' OR ext LIKE '%ext'", true, undefined, { id: 'myId' }],
    ])('%s', (...row) => check(row));
  });
});

describe('cesqlMatches', () => {
  it('passes only a Boolean true without errors', () => {
    const event = { ...BASE, tenant: 'acme' };
    expect(cesqlMatches(parseCesql("tenant = 'acme'"), event)).toBe(true);
    expect(cesqlMatches(parseCesql("tenant = 'other'"), event)).toBe(false);
    expect(cesqlMatches(parseCesql('tenant'), event)).toBe(false);
    expect(cesqlMatches(parseCesql("'true'"), event)).toBe(false);
    expect(cesqlMatches(parseCesql('NOT 10'), event)).toBe(false);
    expect(cesqlMatches(parseCesql('missing = 1 OR TRUE'), event)).toBe(false);
  });
});

describe('attributeValue', () => {
  it('maps attribute values onto CESQL types', () => {
    expect(attributeValue({ a: 'x' }, 'a')).toBe('x');
    expect(attributeValue({ a: 3 }, 'a')).toBe(3);
    expect(attributeValue({ a: 1.5 }, 'a')).toBe('1.5');
    expect(attributeValue({ a: false }, 'a')).toBe(false);
    expect(attributeValue({ a: new Uint8Array([1, 2, 3]) }, 'a')).toBe('AQID');
    expect(attributeValue({ a: null }, 'a')).toBeUndefined();
    expect(attributeValue({ data: 'x' }, 'data')).toBeUndefined();
    expect(attributeValue({}, 'toString')).toBeUndefined();
  });
});
