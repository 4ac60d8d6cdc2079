import {
  type ArithmeticOperator,
  type CesqlExpression,
  type CesqlNode,
  CesqlParseError,
  type ComparisonOperator,
  type LogicOperator,
} from './cesql.types';
import { type Token, tokenize } from './lexer';

/*
 * Precedence follows the spec's ANTLR grammar (CESQLParser.g4), which is what Knative's Go engine runs:
 * prefix NOT and unary minus bind tighter than anything else (`NOT a = b` is `(NOT a) = b`), then LIKE, IN,
 * `* / %`, `+ -`, comparisons, and finally AND/OR/XOR at ONE level, right-associative
 * (`a AND b OR c` is `a AND (b OR c)`).
 */
const PREFIX_NOT = 11;
const PREFIX_MINUS = 10;
const LIKE = 9;
const IN = 7;

type BinaryOperator = ComparisonOperator | ArithmeticOperator | LogicOperator;

const BINARY: Readonly<
  Record<string, { operator: BinaryOperator; precedence: number; rightAssociative: boolean }>
> = {
  '*': { operator: '*', precedence: 6, rightAssociative: false },
  '/': { operator: '/', precedence: 6, rightAssociative: false },
  '%': { operator: '%', precedence: 6, rightAssociative: false },
  '+': { operator: '+', precedence: 5, rightAssociative: false },
  '-': { operator: '-', precedence: 5, rightAssociative: false },
  '=': { operator: '=', precedence: 4, rightAssociative: false },
  '!=': { operator: '!=', precedence: 4, rightAssociative: false },
  '<>': { operator: '<>', precedence: 4, rightAssociative: false },
  '<': { operator: '<', precedence: 4, rightAssociative: false },
  '<=': { operator: '<=', precedence: 4, rightAssociative: false },
  '>': { operator: '>', precedence: 4, rightAssociative: false },
  '>=': { operator: '>=', precedence: 4, rightAssociative: false },
  AND: { operator: 'AND', precedence: 3, rightAssociative: true },
  OR: { operator: 'OR', precedence: 3, rightAssociative: true },
  XOR: { operator: 'XOR', precedence: 3, rightAssociative: true },
};

const IDENTIFIER = /^[A-Za-z0-9]+$/;
const FUNCTION_NAME = /^[A-Za-z][A-Za-z_]*$/;

/** Parses a CESQL v1 expression; throws CesqlParseError (with the offending position) on bad input. */
export function parseCesql(text: string): CesqlExpression {
  return { text, root: new Parser(tokenize(text)).parseRoot() };
}

/** Like parseCesql, returning the error instead of throwing it. */
export function tryParseCesql(
  text: string,
): { ok: true; expression: CesqlExpression } | { ok: false; error: CesqlParseError } {
  try {
    return { ok: true, expression: parseCesql(text) };
  } catch (err) {
    if (err instanceof CesqlParseError) return { ok: false, error: err };
    throw err;
  }
}

function describe(token: Token): string {
  return token.type === 'eof' ? 'end of input' : `'${token.text}'`;
}

class Parser {
  private index = 0;

  constructor(private readonly tokens: readonly Token[]) {}

  parseRoot(): CesqlNode {
    if (this.peek().type === 'eof') throw new CesqlParseError('empty expression', 0);
    const root = this.parseExpression(0);
    const rest = this.peek();
    if (rest.type !== 'eof')
      throw new CesqlParseError(`unexpected ${describe(rest)} after a complete expression`, rest.position);
    return root;
  }

  private peek(offset = 0): Token {
    return this.tokens[Math.min(this.index + offset, this.tokens.length - 1)]!;
  }

  private next(): Token {
    const token = this.peek();
    if (token.type !== 'eof') this.index++;
    return token;
  }

  private isSymbol(token: Token, symbol: string): boolean {
    return token.type === 'symbol' && token.symbol === symbol;
  }

  private isKeyword(token: Token, keyword: string): boolean {
    return token.type === 'keyword' && token.keyword === keyword;
  }

  private expectSymbol(symbol: string, context: string): Token {
    const token = this.next();
    if (!this.isSymbol(token, symbol)) {
      throw new CesqlParseError(`expected '${symbol}' ${context}, found ${describe(token)}`, token.position);
    }
    return token;
  }

  private parseExpression(minPrecedence: number): CesqlNode {
    let left = this.parsePrefix();
    for (;;) {
      const token = this.peek();
      const negated = this.isKeyword(token, 'NOT');
      const suffix = negated ? this.peek(1) : token;
      if (this.isKeyword(suffix, 'LIKE')) {
        if (LIKE < minPrecedence) break;
        this.index += negated ? 2 : 1;
        const pattern = this.next();
        if (pattern.type !== 'string') {
          throw new CesqlParseError(
            `the pattern of LIKE must be a string literal, found ${describe(pattern)}`,
            pattern.position,
          );
        }
        left = { kind: 'like', operand: left, pattern: pattern.value, negated, position: left.position };
        continue;
      }
      if (this.isKeyword(suffix, 'IN')) {
        if (IN < minPrecedence) break;
        this.index += negated ? 2 : 1;
        left = { kind: 'in', operand: left, set: this.parseSet(), negated, position: left.position };
        continue;
      }
      if (negated) break;
      const key =
        token.type === 'symbol' ? token.symbol : token.type === 'keyword' ? token.keyword : undefined;
      const binary = key === undefined ? undefined : BINARY[key];
      if (!binary || binary.precedence < minPrecedence) break;
      this.next();
      const right = this.parseExpression(binary.rightAssociative ? binary.precedence : binary.precedence + 1);
      left = { kind: 'binary', operator: binary.operator, left, right, position: left.position };
    }
    return left;
  }

  private parseSet(): CesqlNode[] {
    this.expectSymbol('(', 'to open the set of IN');
    if (this.isSymbol(this.peek(), ')')) {
      throw new CesqlParseError('the set of IN must not be empty', this.peek().position);
    }
    const items = [this.parseExpression(0)];
    while (this.isSymbol(this.peek(), ',')) {
      this.next();
      items.push(this.parseExpression(0));
    }
    this.expectSymbol(')', 'to close the set of IN');
    return items;
  }

  private parsePrefix(): CesqlNode {
    const token = this.next();
    const position = token.position;
    switch (token.type) {
      case 'integer':
      case 'string':
        return { kind: 'literal', value: token.value, position };
      case 'keyword':
        if (token.keyword === 'TRUE' || token.keyword === 'FALSE') {
          return { kind: 'literal', value: token.keyword === 'TRUE', position };
        }
        if (token.keyword === 'NOT')
          return { kind: 'not', operand: this.parseExpression(PREFIX_NOT), position };
        if (token.keyword === 'EXISTS') {
          const name = this.next();
          if (name.type !== 'word' || !IDENTIFIER.test(name.text)) {
            throw new CesqlParseError(
              `EXISTS needs an attribute name, found ${describe(name)}`,
              name.position,
            );
          }
          return { kind: 'exists', name: name.text.toLowerCase(), position };
        }
        throw new CesqlParseError(`expected an expression, found keyword ${describe(token)}`, position);
      case 'word':
        if (this.isSymbol(this.peek(), '(')) return this.parseCall(token.text, position);
        if (!IDENTIFIER.test(token.text)) {
          throw new CesqlParseError(
            `invalid attribute name ${describe(token)}: attribute names contain only letters and digits`,
            position,
          );
        }
        return { kind: 'identifier', name: token.text.toLowerCase(), position };
      case 'symbol':
        if (token.symbol === '-')
          return { kind: 'negate', operand: this.parseExpression(PREFIX_MINUS), position };
        if (token.symbol === '(') {
          const inner = this.parseExpression(0);
          this.expectSymbol(')', 'to close the parenthesis');
          return inner;
        }
        throw new CesqlParseError(`expected an expression, found ${describe(token)}`, position);
      case 'eof':
        throw new CesqlParseError('unexpected end of input, expected an expression', position);
    }
  }

  private parseCall(name: string, position: number): CesqlNode {
    if (!FUNCTION_NAME.test(name)) {
      throw new CesqlParseError(
        `invalid function name '${name}': function names contain only letters and '_'`,
        position,
      );
    }
    this.expectSymbol('(', 'after the function name');
    const args: CesqlNode[] = [];
    if (!this.isSymbol(this.peek(), ')')) {
      args.push(this.parseExpression(0));
      while (this.isSymbol(this.peek(), ',')) {
        this.next();
        args.push(this.parseExpression(0));
      }
    }
    this.expectSymbol(')', `to close the arguments of ${name.toUpperCase()}`);
    return { kind: 'call', name: name.toUpperCase(), args, position };
  }
}
