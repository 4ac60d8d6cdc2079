import type { CesqlEvaluationError, CesqlType, CesqlValue } from './cesql.types';
import { typeOf } from './cesql.types';

export interface CastResult {
  readonly value: CesqlValue;
  readonly error?: CesqlEvaluationError;
}

const INTEGER_TEXT = /^[+-]?[0-9]+$/;

/** The explicit casts of the spec (§3.7), as INT(), BOOL() and STRING() apply them. */
export function castExplicit(value: CesqlValue, target: CesqlType): CastResult {
  const source = typeOf(value);
  if (source === target) return { value };
  switch (target) {
    case 'String':
      return { value: String(value) };
    case 'Integer':
      if (typeof value === 'boolean') return { value: value ? 1 : 0 };
      return stringToInteger(value as string);
    case 'Boolean':
      if (typeof value === 'number') return { value: value !== 0 };
      return stringToBoolean(value as string);
  }
}

/**
 * The implicit casts operators and functions apply to their operands. Same as the explicit ones except
 * Integer → Boolean, which the spec's conformance kit refuses implicitly (`NOT 10` is `true` plus a
 * CastError: the operand becomes `false`); BOOL(10) still casts it.
 */
export function castImplicit(value: CesqlValue, target: CesqlType): CastResult {
  if (target === 'Boolean' && typeof value === 'number') {
    return {
      value: false,
      error: { kind: 'cast', message: `cannot implicitly cast Integer ${value} to Boolean` },
    };
  }
  return castExplicit(value, target);
}

function stringToInteger(text: string): CastResult {
  const parsed = INTEGER_TEXT.test(text) ? Number(text) : Number.NaN;
  if (!Number.isInteger(parsed) || parsed < -2147483648 || parsed > 2147483647) {
    return { value: 0, error: { kind: 'cast', message: `cannot cast String '${text}' to Integer` } };
  }
  return { value: parsed };
}

function stringToBoolean(text: string): CastResult {
  const lower = text.toLowerCase();
  if (lower === 'true') return { value: true };
  if (lower === 'false') return { value: false };
  return { value: false, error: { kind: 'cast', message: `cannot cast String '${text}' to Boolean` } };
}
