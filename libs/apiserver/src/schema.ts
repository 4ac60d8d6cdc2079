import type { FieldError } from './errors';
import { deepCopy, isPlainObject } from './object';

/** The structural OpenAPI v3 schema subset a CRD version carries. */
export interface Schema {
  type?: string;
  properties?: Record<string, Schema>;
  additionalProperties?: Schema | boolean;
  items?: Schema;
  required?: string[];
  enum?: unknown[];
  default?: unknown;
  nullable?: boolean;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: boolean;
  exclusiveMaximum?: boolean;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  minProperties?: number;
  maxProperties?: number;
  pattern?: string;
  format?: string;
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
  not?: Schema;
  'x-kubernetes-preserve-unknown-fields'?: boolean;
  'x-kubernetes-int-or-string'?: boolean;
  'x-kubernetes-embedded-resource'?: boolean;
  'x-kubernetes-list-type'?: string;
  'x-kubernetes-list-map-keys'?: string[];
  [k: string]: unknown;
}

const ROOT_KEYS = new Set(['apiVersion', 'kind', 'metadata']);

/** Removes every field the schema does not declare (unless it preserves unknown fields). Mutates `value`. */
export function prune(value: unknown, schema: Schema | undefined, root = true): void {
  if (!schema) return;
  if (isPlainObject(value)) {
    if (
      schema['x-kubernetes-preserve-unknown-fields'] &&
      !schema.properties &&
      !schema.additionalProperties
    ) {
      return;
    }
    for (const key of Object.keys(value)) {
      if (root && ROOT_KEYS.has(key)) continue;
      if (schema['x-kubernetes-embedded-resource'] && ROOT_KEYS.has(key)) continue;
      const child =
        schema.properties?.[key] ??
        (isPlainObject(schema.additionalProperties) ? schema.additionalProperties : undefined);
      if (child) prune(value[key], child, false);
      else if (schema.additionalProperties === true || schema['x-kubernetes-preserve-unknown-fields'])
        continue;
      else delete value[key];
    }
  } else if (Array.isArray(value) && schema.items) {
    for (const item of value) prune(item, schema.items, false);
  }
}

/** Applies schema defaults where a field is absent (as structural defaulting does). Mutates `value`. */
export function applyDefaults(value: unknown, schema: Schema | undefined): void {
  if (!schema) return;
  if (isPlainObject(value)) {
    for (const [key, child] of Object.entries(schema.properties ?? {})) {
      if (value[key] === undefined && child.default !== undefined) value[key] = deepCopy(child.default);
      if (value[key] !== undefined) applyDefaults(value[key], child);
    }
    if (isPlainObject(schema.additionalProperties)) {
      for (const key of Object.keys(value)) {
        if (!schema.properties?.[key]) applyDefaults(value[key], schema.additionalProperties);
      }
    }
  } else if (Array.isArray(value) && schema.items) {
    for (const item of value) applyDefaults(item, schema.items);
  }
}

function typeOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

function typeMatches(schema: Schema, v: unknown): boolean {
  if (schema['x-kubernetes-int-or-string'])
    return typeof v === 'string' || (typeof v === 'number' && Number.isInteger(v));
  if (!schema.type) return true;
  const t = typeOf(v);
  if (schema.type === 'number') return t === 'number' || t === 'integer';
  return schema.type === t;
}

/** Validates `value` against `schema`; field paths read like `spec.items[0].name`. */
export function validateSchema(
  value: unknown,
  schema: Schema | undefined,
  field: string,
  errors: FieldError[] = [],
): FieldError[] {
  if (!schema) return errors;
  if (value === null) {
    if (!schema.nullable && schema.type) {
      errors.push({
        type: 'FieldValueTypeInvalid',
        field,
        value: null,
        detail: `${field} in body must be of type ${schema.type}: "null"`,
      });
    }
    return errors;
  }
  if (!typeMatches(schema, value)) {
    const want = schema['x-kubernetes-int-or-string'] ? 'integer,string' : schema.type;
    errors.push({
      type: 'FieldValueTypeInvalid',
      field,
      value,
      detail: `${field} in body must be of type ${want}: "${typeOf(value)}"`,
    });
    return errors;
  }
  if (schema.enum && !schema.enum.some((e) => JSON.stringify(e) === JSON.stringify(value))) {
    errors.push({
      type: 'FieldValueNotSupported',
      field,
      value,
      detail: `supported values: ${schema.enum.map((e) => JSON.stringify(e)).join(', ')}`,
    });
  }
  if (typeof value === 'number') {
    if (
      schema.minimum !== undefined &&
      (value < schema.minimum || (schema.exclusiveMinimum && value === schema.minimum))
    ) {
      errors.push({
        type: 'FieldValueInvalid',
        field,
        value,
        detail: `${field} in body should be greater than or equal to ${schema.minimum}`,
      });
    }
    if (
      schema.maximum !== undefined &&
      (value > schema.maximum || (schema.exclusiveMaximum && value === schema.maximum))
    ) {
      errors.push({
        type: 'FieldValueInvalid',
        field,
        value,
        detail: `${field} in body should be less than or equal to ${schema.maximum}`,
      });
    }
  }
  if (typeof value === 'string') {
    if (schema.minLength !== undefined && [...value].length < schema.minLength) {
      errors.push({
        type: 'FieldValueInvalid',
        field,
        value,
        detail: `${field} in body should be at least ${schema.minLength} chars long`,
      });
    }
    if (schema.maxLength !== undefined && [...value].length > schema.maxLength) {
      errors.push({
        type: 'FieldValueTooLong',
        field,
        value,
        detail: `may not be more than ${schema.maxLength} bytes`,
      });
    }
    if (schema.pattern && !new RegExp(schema.pattern, 'u').test(value)) {
      errors.push({
        type: 'FieldValueInvalid',
        field,
        value,
        detail: `${field} in body should match '${schema.pattern}'`,
      });
    }
  }
  if (Array.isArray(value)) {
    if (schema.minItems !== undefined && value.length < schema.minItems) {
      errors.push({
        type: 'FieldValueInvalid',
        field,
        value,
        detail: `${field} in body should have at least ${schema.minItems} items`,
      });
    }
    if (schema.maxItems !== undefined && value.length > schema.maxItems) {
      errors.push({
        type: 'FieldValueTooMany',
        field,
        value,
        detail: `must have at most ${schema.maxItems} items`,
      });
    }
    value.forEach((item, i) => validateSchema(item, schema.items, `${field}[${i}]`, errors));
  }
  if (isPlainObject(value)) {
    for (const key of schema.required ?? []) {
      if (value[key] === undefined)
        errors.push({ type: 'FieldValueRequired', field: join(field, key), detail: '' });
    }
    for (const [key, child] of Object.entries(value)) {
      if (field === '' && ROOT_KEYS.has(key)) continue;
      const sub =
        schema.properties?.[key] ??
        (isPlainObject(schema.additionalProperties) ? schema.additionalProperties : undefined);
      if (sub) validateSchema(child, sub, join(field, key), errors);
    }
  }
  for (const s of schema.allOf ?? []) validateSchema(value, { ...s, type: s.type }, field, errors);
  if (schema.anyOf && !schema.anyOf.some((s) => validateSchema(value, s, field, []).length === 0)) {
    errors.push({
      type: 'FieldValueInvalid',
      field,
      value,
      detail: 'must validate at least one schema (anyOf)',
    });
  }
  if (
    schema.oneOf &&
    schema.oneOf.filter((s) => validateSchema(value, s, field, []).length === 0).length !== 1
  ) {
    errors.push({
      type: 'FieldValueInvalid',
      field,
      value,
      detail: 'must validate one and only one schema (oneOf)',
    });
  }
  if (schema.not && validateSchema(value, schema.not, field, []).length === 0) {
    errors.push({ type: 'FieldValueInvalid', field, value, detail: 'must not validate the schema (not)' });
  }
  return errors;
}

function join(parent: string, key: string): string {
  return parent ? `${parent}.${key}` : key;
}
