import { castImplicit } from './casting';
import {
  type BinaryNode,
  type CesqlEvaluationError,
  type CesqlEvent,
  type CesqlExpression,
  type CesqlNode,
  type CesqlResult,
  type CesqlType,
  type CesqlValue,
  typeOf,
  zeroValue,
} from './cesql.types';
import { castArguments, resolveFunction } from './functions';
import { likeMatches } from './like';

/** Attributes the spec requires on every (valid) event: EXISTS is always true for them. */
const REQUIRED_ATTRIBUTES = new Set(['specversion', 'id', 'source', 'type']);
/** Keys of a CloudEvent object that are not context attributes. */
const NOT_ATTRIBUTES = new Set(['data', 'data_base64']);

/**
 * Evaluates a parsed expression against an event's attributes. Every operator is total: it always returns a
 * value of its type and the errors met on the way. When an operand failed, the operator returns the zero value
 * of its own type with the operand's errors (so `missing = 2` is `false` plus a missingAttribute error); errors
 * an operator raises itself (a cast, division by zero, a function's bounds) come with the value the spec
 * defines for that case.
 */
export function evaluateCesql(expression: CesqlExpression, event: CesqlEvent): CesqlResult {
  return evaluateNode(expression.root, event);
}

/** The Trigger-filter reading of a result: passes only on a Boolean `true` with no error (spec §1.2). */
export function cesqlMatches(expression: CesqlExpression, event: CesqlEvent): boolean {
  const result = evaluateCesql(expression, event);
  return result.value === true && result.errors.length === 0;
}

export function attributeValue(event: CesqlEvent, name: string): CesqlValue | undefined {
  if (NOT_ATTRIBUTES.has(name) || !Object.prototype.hasOwnProperty.call(event, name)) return undefined;
  const raw = event[name];
  if (raw === undefined || raw === null) return undefined;
  if (typeof raw === 'string' || typeof raw === 'boolean') return raw;
  if (typeof raw === 'number')
    return Number.isInteger(raw) && Math.abs(raw) <= 2147483648 ? raw | 0 : String(raw);
  if (raw instanceof Date) return raw.toISOString();
  if (raw instanceof Uint8Array) return Buffer.from(raw).toString('base64');
  return String(raw);
}

function ok(value: CesqlValue, errors: readonly CesqlEvaluationError[] = []): CesqlResult {
  return { value, errors };
}

function failed(type: CesqlType, errors: readonly CesqlEvaluationError[]): CesqlResult {
  return { value: zeroValue(type), errors };
}

function evaluateNode(node: CesqlNode, event: CesqlEvent): CesqlResult {
  switch (node.kind) {
    case 'literal':
      return ok(node.value);
    case 'identifier': {
      const value = attributeValue(event, node.name);
      if (value === undefined) {
        return failed('Boolean', [{ kind: 'missingAttribute', message: `missing attribute '${node.name}'` }]);
      }
      return ok(value);
    }
    case 'exists':
      return ok(REQUIRED_ATTRIBUTES.has(node.name) || attributeValue(event, node.name) !== undefined);
    case 'not': {
      const operand = evaluateNode(node.operand, event);
      if (operand.errors.length) return failed('Boolean', operand.errors);
      const cast = castImplicit(operand.value, 'Boolean');
      return ok(!cast.value, cast.error ? [cast.error] : []);
    }
    case 'negate': {
      const operand = evaluateNode(node.operand, event);
      if (operand.errors.length) return failed('Integer', operand.errors);
      const cast = castImplicit(operand.value, 'Integer');
      return ok(-(cast.value as number) | 0, cast.error ? [cast.error] : []);
    }
    case 'like': {
      const operand = evaluateNode(node.operand, event);
      if (operand.errors.length) return failed('Boolean', operand.errors);
      const matches = likeMatches(String(operand.value), node.pattern);
      return ok(node.negated ? !matches : matches);
    }
    case 'in':
      return evaluateIn(node.operand, node.set, node.negated, event);
    case 'binary':
      return evaluateBinary(node, event);
    case 'call':
      return evaluateCall(node.name, node.args, event);
  }
}

function evaluateIn(
  operandNode: CesqlNode,
  set: readonly CesqlNode[],
  negated: boolean,
  event: CesqlEvent,
): CesqlResult {
  const operand = evaluateNode(operandNode, event);
  if (operand.errors.length) return failed('Boolean', operand.errors);
  const type = typeOf(operand.value);
  const ownErrors: CesqlEvaluationError[] = [];
  let found = false;
  for (const itemNode of set) {
    const item = evaluateNode(itemNode, event);
    if (item.errors.length) return failed('Boolean', item.errors);
    const cast = castImplicit(item.value, type);
    if (cast.error) ownErrors.push(cast.error);
    if (cast.value === operand.value) {
      found = true;
      break;
    }
  }
  return ok(negated ? !found : found, ownErrors);
}

function evaluateBinary(node: BinaryNode, event: CesqlEvent): CesqlResult {
  const { operator } = node;
  if (operator === 'AND' || operator === 'OR' || operator === 'XOR') return evaluateLogic(node, event);

  const left = evaluateNode(node.left, event);
  const resultType: CesqlType = ['+', '-', '*', '/', '%'].includes(operator) ? 'Integer' : 'Boolean';
  if (left.errors.length) return failed(resultType, left.errors);
  const right = evaluateNode(node.right, event);
  if (right.errors.length) return failed(resultType, right.errors);

  const errors: CesqlEvaluationError[] = [];
  const castTo = (value: CesqlValue, type: CesqlType): CesqlValue => {
    const cast = castImplicit(value, type);
    if (cast.error) errors.push(cast.error);
    return cast.value;
  };

  if (operator === '=' || operator === '!=' || operator === '<>') {
    // `=` is ambiguous (defined for the three types): the right operand's type decides the left's cast.
    const equal = castTo(left.value, typeOf(right.value)) === right.value;
    return ok(operator === '=' ? equal : !equal, errors);
  }

  const x = castTo(left.value, 'Integer') as number;
  const y = castTo(right.value, 'Integer') as number;
  switch (operator) {
    case '<':
      return ok(x < y, errors);
    case '<=':
      return ok(x <= y, errors);
    case '>':
      return ok(x > y, errors);
    case '>=':
      return ok(x >= y, errors);
    case '+':
      return ok((x + y) | 0, errors);
    case '-':
      return ok((x - y) | 0, errors);
    case '*':
      return ok(Math.imul(x, y), errors);
    case '/':
    case '%':
      if (y === 0)
        return ok(0, [
          ...errors,
          { kind: 'math', message: `${operator === '/' ? 'division' : 'modulo'} by zero` },
        ]);
      // Truncation towards zero; the remainder takes the dividend's sign (JavaScript's % already does).
      return ok(operator === '/' ? Math.trunc(x / y) | 0 : (x % y) | 0, errors);
  }
}

function evaluateLogic(node: BinaryNode, event: CesqlEvent): CesqlResult {
  const left = evaluateNode(node.left, event);
  if (left.errors.length) return failed('Boolean', left.errors);
  const leftCast = castImplicit(left.value, 'Boolean');
  const errors: CesqlEvaluationError[] = leftCast.error ? [leftCast.error] : [];
  // AND and OR short-circuit: the right operand is not evaluated, so its errors never happen.
  if (node.operator === 'AND' && leftCast.value === false) return ok(false, errors);
  if (node.operator === 'OR' && leftCast.value === true) return ok(true, errors);
  const right = evaluateNode(node.right, event);
  if (right.errors.length) return failed('Boolean', [...errors, ...right.errors]);
  const rightCast = castImplicit(right.value, 'Boolean');
  if (rightCast.error) errors.push(rightCast.error);
  const x = leftCast.value as boolean;
  const y = rightCast.value as boolean;
  if (node.operator === 'XOR') return ok(x !== y, errors);
  return ok(node.operator === 'AND' ? x && y : x || y, errors);
}

function evaluateCall(name: string, argNodes: readonly CesqlNode[], event: CesqlEvent): CesqlResult {
  const fn = resolveFunction(name, argNodes.length);
  if (!fn) {
    return failed('Boolean', [
      {
        kind: 'missingFunction',
        message: `function ${name} with ${argNodes.length} argument(s) is not defined`,
      },
    ]);
  }
  const args: CesqlValue[] = [];
  for (const argNode of argNodes) {
    const arg = evaluateNode(argNode, event);
    if (arg.errors.length) return failed(fn.returns, arg.errors);
    args.push(arg.value);
  }
  const { values, errors } = castArguments(fn, args);
  const outcome = fn.apply(values);
  return ok(outcome.value, outcome.error ? [...errors, outcome.error] : errors);
}
