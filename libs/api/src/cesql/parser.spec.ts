import type { CesqlNode } from './cesql.types';
import { CesqlParseError } from './cesql.types';
import { parseCesql, tryParseCesql } from './parser';

/** Renders the AST in prefix form so precedence and associativity are visible. */
function show(node: CesqlNode): string {
  switch (node.kind) {
    case 'literal':
      return typeof node.value === 'string' ? `'${node.value}'` : String(node.value);
    case 'identifier':
      return node.name;
    case 'exists':
      return `(EXISTS ${node.name})`;
    case 'not':
      return `(NOT ${show(node.operand)})`;
    case 'negate':
      return `(- ${show(node.operand)})`;
    case 'binary':
      return `(${node.operator} ${show(node.left)} ${show(node.right)})`;
    case 'like':
      return `(${node.negated ? 'NOT LIKE' : 'LIKE'} ${show(node.operand)} '${node.pattern}')`;
    case 'in':
      return `(${node.negated ? 'NOT IN' : 'IN'} ${show(node.operand)} [${node.set.map(show).join(' ')}])`;
    case 'call':
      return `${node.name}(${node.args.map(show).join(' ')})`;
  }
}

const parsed = (text: string): string => show(parseCesql(text).root);

describe('parseCesql', () => {
  it.each([
    ['a', 'a'],
    ['MyExt1', 'myext1'],
    ['1st', '1st'],
    ['4 * 2 + 4 / 2', '(+ (* 4 2) (/ 4 2))'],
    ['1 - 2 - 3', '(- (- 1 2) 3)'],
    ['1 -2', '(- 1 2)'],
    ['(1 -2)', '(- 1 2)'],
    ['f(1, -2)', 'F(1 -2)'],
    ['--10', '(- -10)'],
    ['- 10', '(- 10)'],
    ['-a * b', '(* (- a) b)'],
    ['a + b = c * d', '(= (+ a b) (* c d))'],
    ['a < b = TRUE', '(= (< a b) true)'],
    ['a AND b OR c', '(AND a (OR b c))'],
    ['a OR b AND c', '(OR a (AND b c))'],
    ['a XOR b XOR c', '(XOR a (XOR b c))'],
    ['(a AND b) OR c', '(OR (AND a b) c)'],
    ['NOT a = b', '(= (NOT a) b)'],
    ['NOT (a = b)', '(NOT (= a b))'],
    ['NOT EXISTS a', '(NOT (EXISTS a))'],
    ['NOT NOT a', '(NOT (NOT a))'],
    ["a LIKE 'x%' AND b", "(AND (LIKE a 'x%') b)"],
    ["a NOT LIKE 'x%'", "(NOT LIKE a 'x%')"],
    ["a + b LIKE 'x'", "(+ a (LIKE b 'x'))"],
    ["NOT a LIKE 'x'", "(LIKE (NOT a) 'x')"],
    ["a IN (1, b, 'c')", "(IN a [1 b 'c'])"],
    ['a NOT IN (1)', '(NOT IN a [1])'],
    ['a IN (1) = TRUE', '(= (IN a [1]) true)'],
    ['a * b IN (1)', '(* a (IN b [1]))'],
    ['EXISTS a AND EXISTS B', '(AND (EXISTS a) (EXISTS b))'],
    ["concat_ws(',', a)", "CONCAT_WS(',' a)"],
    ['Concat()', 'CONCAT()'],
    ['LENGTH(LOWER(a)) > 3', '(> LENGTH(LOWER(a)) 3)'],
    ['-2147483648', '-2147483648'],
    ['  a\n\t= 1  ', '(= a 1)'],
  ])('%s → %s', (text, tree) => {
    expect(parsed(text)).toBe(tree);
  });

  it('keeps the text and node positions', () => {
    const expression = parseCesql("type = 'x' AND subject LIKE 'a%'");
    expect(expression.text).toBe("type = 'x' AND subject LIKE 'a%'");
    const root = expression.root;
    expect(root.kind).toBe('binary');
    if (root.kind !== 'binary') return;
    expect(root.right.position).toBe(15);
  });

  it.each([
    ['', 'empty expression', 1],
    ['   ', 'empty expression', 1],
    ['ABC(', 'unexpected end of input, expected an expression', 5],
    ['LOWER(a', "expected ')' to close the arguments of LOWER, found end of input", 8],
    ['(a = 1', "expected ')' to close the parenthesis, found end of input", 7],
    ['a = ', 'unexpected end of input, expected an expression', 5],
    ['x LIKE 123', "the pattern of LIKE must be a string literal, found '123'", 8],
    ['x LIKE y', "the pattern of LIKE must be a string literal, found 'y'", 8],
    ['a IN ()', 'the set of IN must not be empty', 7],
    ['a IN 1', "expected '(' to open the set of IN, found '1'", 6],
    ['a IN (1, 2', "expected ')' to close the set of IN, found end of input", 11],
    ["'abc", "unterminated string literal (missing closing ')", 1],
    ['"abc\\"', 'unterminated string literal (missing closing ")', 1],
    ['a # b', "unexpected character '#'", 3],
    ['a ! b', "unexpected character '!'", 3],
    ['a b', "unexpected 'b' after a complete expression", 3],
    ['1 2', "unexpected '2' after a complete expression", 3],
    ['my_ext = 1', "invalid attribute name 'my_ext': attribute names contain only letters and digits", 1],
    ['f1(a)', "invalid function name 'f1': function names contain only letters and '_'", 1],
    ['EXISTS 1', "EXISTS needs an attribute name, found '1'", 8],
    ['EXISTS', 'EXISTS needs an attribute name, found end of input', 7],
    ['AND a', "expected an expression, found keyword 'AND'", 1],
    [')', "expected an expression, found ')'", 1],
    ['2147483648', 'integer literal 2147483648 is not a 32-bit signed integer', 1],
    ['a = -2147483649', 'integer literal -2147483649 is not a 32-bit signed integer', 5],
    ['+ 1', "expected an expression, found '+'", 1],
    ['a NOT b', "unexpected 'NOT' after a complete expression", 3],
  ])('%j fails: %s (column %d)', (text, reason, column) => {
    const result = tryParseCesql(text);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error).toBeInstanceOf(CesqlParseError);
    expect(result.error.reason).toBe(reason);
    expect(result.error.column).toBe(column);
    expect(result.error.message).toBe(`parse error at column ${column}: ${reason}`);
  });

  it('throws from parseCesql', () => {
    expect(() => parseCesql('a LIKE')).toThrow(CesqlParseError);
  });
});
