import { CesqlParseError } from './cesql.types';

export const KEYWORDS = ['AND', 'OR', 'XOR', 'NOT', 'LIKE', 'EXISTS', 'IN', 'TRUE', 'FALSE'] as const;
export type Keyword = (typeof KEYWORDS)[number];

export type Token =
  | { readonly type: 'integer'; readonly value: number; readonly position: number; readonly text: string }
  | { readonly type: 'string'; readonly value: string; readonly position: number; readonly text: string }
  | { readonly type: 'keyword'; readonly keyword: Keyword; readonly position: number; readonly text: string }
  /** A name: an attribute identifier or a function name, decided by the parser. */
  | { readonly type: 'word'; readonly position: number; readonly text: string }
  | { readonly type: 'symbol'; readonly symbol: SymbolText; readonly position: number; readonly text: string }
  | { readonly type: 'eof'; readonly position: number; readonly text: '' };

export type SymbolText =
  '(' | ')' | ',' | '*' | '/' | '%' | '+' | '-' | '=' | '!=' | '<>' | '<' | '<=' | '>' | '>=';

const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;
const WHITESPACE = new Set([' ', '\t', '\r', '\n']);
const TWO_CHAR_SYMBOLS = new Set(['!=', '<>', '<=', '>=']);
const ONE_CHAR_SYMBOLS = new Set(['(', ')', ',', '*', '/', '%', '+', '-', '=', '<', '>']);

function isWordChar(ch: string | undefined): boolean {
  return ch !== undefined && /[A-Za-z0-9_]/.test(ch);
}

function isDigit(ch: string | undefined): boolean {
  return ch !== undefined && ch >= '0' && ch <= '9';
}

/** True when the token can end an operand, so a following `-1` is a subtraction, not a negative literal. */
function endsOperand(token: Token | undefined): boolean {
  if (!token) return false;
  if (token.type === 'integer' || token.type === 'string' || token.type === 'word') return true;
  if (token.type === 'keyword') return token.keyword === 'TRUE' || token.keyword === 'FALSE';
  return token.type === 'symbol' && token.symbol === ')';
}

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    if (WHITESPACE.has(ch)) {
      i++;
      continue;
    }
    const start = i;
    if (ch === "'" || ch === '"') {
      const { value, end } = readString(text, i);
      tokens.push({ type: 'string', value, position: start, text: text.slice(start, end) });
      i = end;
      continue;
    }
    // The spec's integer literal carries its sign (`-10`, `+3`); after an operand the sign is an operator.
    if ((ch === '-' || ch === '+') && isDigit(text[i + 1]) && !endsOperand(tokens[tokens.length - 1])) {
      let end = i + 1;
      while (isWordChar(text[end])) end++;
      const raw = text.slice(i, end);
      if (/^[+-][0-9]+$/.test(raw)) {
        tokens.push({ type: 'integer', value: parseInteger(raw, start), position: start, text: raw });
        i = end;
        continue;
      }
    }
    if (isWordChar(ch)) {
      let end = i;
      while (isWordChar(text[end])) end++;
      const raw = text.slice(i, end);
      const upper = raw.toUpperCase();
      if (/^[0-9]+$/.test(raw)) {
        tokens.push({ type: 'integer', value: parseInteger(raw, start), position: start, text: raw });
      } else if ((KEYWORDS as readonly string[]).includes(upper)) {
        tokens.push({ type: 'keyword', keyword: upper as Keyword, position: start, text: raw });
      } else {
        tokens.push({ type: 'word', position: start, text: raw });
      }
      i = end;
      continue;
    }
    const two = text.slice(i, i + 2);
    if (TWO_CHAR_SYMBOLS.has(two)) {
      tokens.push({ type: 'symbol', symbol: two as SymbolText, position: start, text: two });
      i += 2;
      continue;
    }
    if (ONE_CHAR_SYMBOLS.has(ch)) {
      tokens.push({ type: 'symbol', symbol: ch as SymbolText, position: start, text: ch });
      i++;
      continue;
    }
    throw new CesqlParseError(`unexpected character '${ch}'`, start);
  }
  tokens.push({ type: 'eof', position: text.length, text: '' });
  return tokens;
}

function parseInteger(raw: string, position: number): number {
  const value = Number(raw);
  if (!Number.isInteger(value) || value < INT32_MIN || value > INT32_MAX) {
    throw new CesqlParseError(`integer literal ${raw} is not a 32-bit signed integer`, position);
  }
  return value;
}

/**
 * Reads a quoted string starting at `start`. Inside it, a backslash before the delimiting quote escapes the
 * quote, and a doubled quote is one quote (SQL style); every other backslash is kept as written, so LIKE
 * patterns keep their `\%` and `\_` escapes.
 */
function readString(text: string, start: number): { value: string; end: number } {
  const quote = text[start]!;
  let value = '';
  let i = start + 1;
  while (i < text.length) {
    const ch = text[i]!;
    if (ch === '\\' && i + 1 < text.length) {
      const next = text[i + 1]!;
      value += next === quote ? quote : ch + next;
      i += 2;
      continue;
    }
    if (ch === quote) {
      if (text[i + 1] === quote) {
        value += quote;
        i += 2;
        continue;
      }
      return { value, end: i + 1 };
    }
    value += ch;
    i++;
  }
  throw new CesqlParseError(`unterminated string literal (missing closing ${quote})`, start);
}
