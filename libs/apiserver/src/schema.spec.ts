import { applyDefaults, prune, validateSchema, type Schema } from './schema';

const schema: Schema = {
  type: 'object',
  properties: {
    spec: {
      type: 'object',
      required: ['size'],
      properties: {
        size: { type: 'integer', minimum: 1, maximum: 10 },
        mode: { type: 'string', enum: ['a', 'b'], default: 'a' },
        name: { type: 'string', pattern: '^[a-z]+$', maxLength: 5 },
        port: { 'x-kubernetes-int-or-string': true },
        items: {
          type: 'array',
          maxItems: 2,
          items: { type: 'object', properties: { k: { type: 'string', default: 'd' } } },
        },
        labels: { type: 'object', additionalProperties: { type: 'string' } },
        free: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
        opt: { type: 'string', nullable: true },
      },
    },
  },
};

describe('structural schema', () => {
  it('prunes unknown fields but keeps apiVersion/kind/metadata and preserved subtrees', () => {
    const obj: Record<string, unknown> = {
      apiVersion: 'x/v1',
      kind: 'X',
      metadata: { name: 'n' },
      junk: 1,
      spec: {
        size: 1,
        unknown: true,
        free: { any: { thing: 1 } },
        labels: { a: 'b' },
        items: [{ k: 'x', z: 1 }],
      },
    };
    prune(obj, schema);
    expect(obj).toEqual({
      apiVersion: 'x/v1',
      kind: 'X',
      metadata: { name: 'n' },
      spec: { size: 1, free: { any: { thing: 1 } }, labels: { a: 'b' }, items: [{ k: 'x' }] },
    });
  });

  it('applies defaults, also inside array items', () => {
    const obj = { spec: { size: 1, items: [{}, { k: 'set' }] } };
    applyDefaults(obj, schema);
    expect(obj.spec).toEqual({ size: 1, mode: 'a', items: [{ k: 'd' }, { k: 'set' }] });
  });

  it('reports every violation with its field path and reason', () => {
    const errors = validateSchema(
      {
        spec: {
          size: 'big',
          mode: 'c',
          name: 'ABCDEFG',
          port: 1.5,
          items: [{}, {}, {}],
          labels: { a: 1 },
          opt: null,
        },
      },
      schema,
      '',
    );
    expect(errors.map((e) => [e.field, e.type])).toEqual([
      ['spec.size', 'FieldValueTypeInvalid'],
      ['spec.mode', 'FieldValueNotSupported'],
      ['spec.name', 'FieldValueTooLong'],
      ['spec.name', 'FieldValueInvalid'],
      ['spec.port', 'FieldValueTypeInvalid'],
      ['spec.items', 'FieldValueTooMany'],
      ['spec.labels.a', 'FieldValueTypeInvalid'],
    ]);
    expect(validateSchema({ spec: {} }, schema, '')).toEqual([
      { type: 'FieldValueRequired', field: 'spec.size', detail: '' },
    ]);
    expect(validateSchema({ spec: { size: 0 } }, schema, '')[0].detail).toBe(
      'spec.size in body should be greater than or equal to 1',
    );
    expect(validateSchema({ spec: { size: 5, port: 'http' } }, schema, '')).toEqual([]);
  });
});
