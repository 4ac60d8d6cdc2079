// Schema building blocks. Types and OpenAPI schemas share one source: each kind's TypeBox schema; the CRD
// generator turns it into a structural apiextensions.k8s.io/v1 schema (see docs/adr on CRD generation).
import { Type, type TSchema, type TProperties, type TObject, type ObjectOptions } from '@sinclair/typebox';

/** An object whose unknown fields the API server keeps (x-kubernetes-preserve-unknown-fields). */
export function PreserveUnknown<T = Record<string, unknown>>(options: { description?: string } = {}) {
  return Type.Unsafe<T>({ type: 'object', 'x-kubernetes-preserve-unknown-fields': true, ...options });
}

/** intstr.IntOrString. */
export function IntOrString(options: { description?: string } = {}) {
  return Type.Unsafe<number | string>({
    'x-kubernetes-int-or-string': true,
    anyOf: [{ type: 'integer' }, { type: 'string' }],
    ...options,
  });
}

/** resource.Quantity (integer or string like "100m"). */
export function Quantity() {
  return IntOrString();
}

export const StringMap = () => Type.Record(Type.String(), Type.String());

/** Object with no `required` (every field optional): Knative's status and most spec structs. */
export function Struct<T extends TProperties>(props: T, options?: ObjectOptions): TObject<T> {
  return Type.Object(props, options);
}

/** Top-level object of a CRD: apiVersion, kind, metadata ({type: object} — the server owns its schema). */
export function ResourceSchema<S extends TSchema, St extends TSchema>(parts: {
  spec?: S;
  status?: St;
  description?: string;
  extra?: TProperties;
}) {
  const props: TProperties = {
    apiVersion: Type.Optional(Type.String()),
    kind: Type.Optional(Type.String()),
    metadata: Type.Optional(Type.Unsafe<Record<string, unknown>>({ type: 'object' })),
    ...(parts.spec ? { spec: Type.Optional(parts.spec) } : {}),
    ...(parts.status ? { status: Type.Optional(parts.status) } : {}),
    ...(parts.extra ?? {}),
  };
  return Type.Object(props, parts.description ? { description: parts.description } : {});
}
