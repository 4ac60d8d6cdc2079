/** CloudEvents SQL (CESQL) v1.0: the AST, the value types and the error kinds of the spec. */

/** A CESQL value: Integer (int32), String or Boolean. */
export type CesqlValue = number | string | boolean;

export type CesqlType = 'Integer' | 'String' | 'Boolean';

export type ComparisonOperator = '=' | '!=' | '<>' | '<' | '<=' | '>' | '>=';
export type ArithmeticOperator = '+' | '-' | '*' | '/' | '%';
export type LogicOperator = 'AND' | 'OR' | 'XOR';

interface NodeBase {
  /** Offset (0-based) of the node's first character in the expression text. */
  readonly position: number;
}

export interface LiteralNode extends NodeBase {
  readonly kind: 'literal';
  readonly value: CesqlValue;
}

export interface IdentifierNode extends NodeBase {
  readonly kind: 'identifier';
  /** Lower-cased, as attribute names are. */
  readonly name: string;
}

export interface NotNode extends NodeBase {
  readonly kind: 'not';
  readonly operand: CesqlNode;
}

export interface NegateNode extends NodeBase {
  readonly kind: 'negate';
  readonly operand: CesqlNode;
}

export interface BinaryNode extends NodeBase {
  readonly kind: 'binary';
  readonly operator: ComparisonOperator | ArithmeticOperator | LogicOperator;
  readonly left: CesqlNode;
  readonly right: CesqlNode;
}

export interface LikeNode extends NodeBase {
  readonly kind: 'like';
  readonly operand: CesqlNode;
  readonly pattern: string;
  readonly negated: boolean;
}

export interface ExistsNode extends NodeBase {
  readonly kind: 'exists';
  readonly name: string;
}

export interface InNode extends NodeBase {
  readonly kind: 'in';
  readonly operand: CesqlNode;
  readonly set: readonly CesqlNode[];
  readonly negated: boolean;
}

export interface FunctionCallNode extends NodeBase {
  readonly kind: 'call';
  /** Upper-cased: function names are case-insensitive. */
  readonly name: string;
  readonly args: readonly CesqlNode[];
}

export type CesqlNode =
  | LiteralNode
  | IdentifierNode
  | NotNode
  | NegateNode
  | BinaryNode
  | LikeNode
  | ExistsNode
  | InNode
  | FunctionCallNode;

/** The parsed expression plus its source text (kept for messages). */
export interface CesqlExpression {
  readonly text: string;
  readonly root: CesqlNode;
}

/** The spec's evaluation error types (§3.3); parse errors are thrown by the parser instead. */
export type CesqlErrorKind =
  'math' | 'cast' | 'missingAttribute' | 'missingFunction' | 'functionEvaluation' | 'generic';

export interface CesqlEvaluationError {
  readonly kind: CesqlErrorKind;
  readonly message: string;
}

export interface CesqlResult {
  readonly value: CesqlValue;
  readonly errors: readonly CesqlEvaluationError[];
}

/** CloudEvent attributes and extensions by name; `data` and `data_base64` are ignored. */
export type CesqlEvent = Readonly<Record<string, unknown>>;

export class CesqlParseError extends Error {
  override readonly name = 'CesqlParseError';
  /** 1-based column of the offending character (expressions are one line in practice). */
  readonly column: number;

  constructor(
    readonly reason: string,
    /** 0-based offset of the offending character. */
    readonly position: number,
  ) {
    super(`parse error at column ${position + 1}: ${reason}`);
    this.column = position + 1;
  }
}

export function typeOf(value: CesqlValue): CesqlType {
  if (typeof value === 'number') return 'Integer';
  if (typeof value === 'boolean') return 'Boolean';
  return 'String';
}

export function zeroValue(type: CesqlType): CesqlValue {
  if (type === 'Integer') return 0;
  if (type === 'Boolean') return false;
  return '';
}
