import { castExplicit, castImplicit } from './casting';
import type { CesqlEvaluationError, CesqlType, CesqlValue } from './cesql.types';

export interface FunctionOutcome {
  readonly value: CesqlValue;
  readonly error?: CesqlEvaluationError;
}

/** A built-in function overload. `Any` parameters take the argument as it is (the casting functions). */
export interface CesqlFunction {
  readonly name: string;
  readonly params: readonly (CesqlType | 'Any')[];
  /** Type of the repeated trailing parameters of a variadic overload. */
  readonly variadic?: CesqlType;
  readonly returns: CesqlType;
  readonly apply: (args: readonly CesqlValue[]) => FunctionOutcome;
}

function evaluationError(message: string): CesqlEvaluationError {
  return { kind: 'functionEvaluation', message };
}

const chars = (s: string): string[] => Array.from(s);

function substring(x: string, pos: number, len?: number): FunctionOutcome {
  const all = chars(x);
  if (pos > all.length || pos < -all.length) {
    return {
      value: '',
      error: evaluationError(
        `SUBSTRING position ${pos} is out of the bounds of a string of length ${all.length}`,
      ),
    };
  }
  if (len !== undefined && len < 0) {
    return { value: '', error: evaluationError(`SUBSTRING length ${len} is negative`) };
  }
  if (pos === 0) return { value: '' };
  const start = pos > 0 ? pos - 1 : all.length + pos;
  const end = len === undefined ? all.length : Math.min(all.length, start + len);
  return { value: all.slice(start, end).join('') };
}

function leftOrRight(side: 'LEFT' | 'RIGHT', x: string, y: number): FunctionOutcome {
  if (y < 0) return { value: x, error: evaluationError(`${side} length ${y} is negative`) };
  const all = chars(x);
  if (all.length <= y) return { value: x };
  return { value: (side === 'LEFT' ? all.slice(0, y) : all.slice(all.length - y)).join('') };
}

const cast =
  (target: CesqlType) =>
  ([x]: readonly CesqlValue[]): FunctionOutcome =>
    castExplicit(x!, target);

export const BUILTIN_FUNCTIONS: readonly CesqlFunction[] = [
  {
    name: 'LENGTH',
    params: ['String'],
    returns: 'Integer',
    apply: ([x]) => ({ value: chars(x as string).length }),
  },
  {
    name: 'CONCAT',
    params: [],
    variadic: 'String',
    returns: 'String',
    apply: (xs) => ({ value: xs.join('') }),
  },
  {
    name: 'CONCAT_WS',
    params: ['String'],
    variadic: 'String',
    returns: 'String',
    apply: ([delimiter, ...xs]) => ({ value: xs.join(delimiter as string) }),
  },
  {
    name: 'LOWER',
    params: ['String'],
    returns: 'String',
    apply: ([x]) => ({ value: (x as string).toLowerCase() }),
  },
  {
    name: 'UPPER',
    params: ['String'],
    returns: 'String',
    apply: ([x]) => ({ value: (x as string).toUpperCase() }),
  },
  { name: 'TRIM', params: ['String'], returns: 'String', apply: ([x]) => ({ value: (x as string).trim() }) },
  {
    name: 'LEFT',
    params: ['String', 'Integer'],
    returns: 'String',
    apply: ([x, y]) => leftOrRight('LEFT', x as string, y as number),
  },
  {
    name: 'RIGHT',
    params: ['String', 'Integer'],
    returns: 'String',
    apply: ([x, y]) => leftOrRight('RIGHT', x as string, y as number),
  },
  {
    name: 'SUBSTRING',
    params: ['String', 'Integer'],
    returns: 'String',
    apply: ([x, p]) => substring(x as string, p as number),
  },
  {
    name: 'SUBSTRING',
    params: ['String', 'Integer', 'Integer'],
    returns: 'String',
    apply: ([x, p, l]) => substring(x as string, p as number, l as number),
  },
  {
    name: 'ABS',
    params: ['Integer'],
    returns: 'Integer',
    apply: ([x]) =>
      x === -2147483648
        ? {
            value: 2147483647,
            error: { kind: 'math', message: 'ABS(-2147483648) overflows a 32-bit integer' },
          }
        : { value: Math.abs(x as number) },
  },
  { name: 'INT', params: ['Any'], returns: 'Integer', apply: cast('Integer') },
  { name: 'BOOL', params: ['Any'], returns: 'Boolean', apply: cast('Boolean') },
  { name: 'STRING', params: ['Any'], returns: 'String', apply: cast('String') },
];

/** Finds the overload of `name` (upper-case) for `arity` arguments: fixed arity first, then variadic. */
export function resolveFunction(name: string, arity: number): CesqlFunction | undefined {
  const candidates = BUILTIN_FUNCTIONS.filter((f) => f.name === name);
  return (
    candidates.find((f) => f.variadic === undefined && f.params.length === arity) ??
    candidates.find((f) => f.variadic !== undefined && arity >= f.params.length)
  );
}

/** Casts the arguments to the overload's parameter types, collecting cast errors. */
export function castArguments(
  fn: CesqlFunction,
  args: readonly CesqlValue[],
): { values: CesqlValue[]; errors: CesqlEvaluationError[] } {
  const errors: CesqlEvaluationError[] = [];
  const values = args.map((arg, i) => {
    const type = fn.params[i] ?? fn.variadic;
    if (type === undefined || type === 'Any') return arg;
    const result = castImplicit(arg, type);
    if (result.error) errors.push(result.error);
    return result.value;
  });
  return { values, errors };
}
