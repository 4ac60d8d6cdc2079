// Validation of corev1.ObjectReference fields Knative's internal kinds use (apiVersion, kind, name only).
import type { V1ObjectReference } from '@kubernetes/client-node';
import { Type } from '@sinclair/typebox';
import { FieldErrors, errDisallowedFields, errInvalidValue, errMissingField } from '../core/field-error';
import { isDNS1123Label, isQualifiedName } from '../core/names';

export const ObjectReferenceSchema = Type.Unsafe<V1ObjectReference>({
  type: 'object',
  properties: Object.fromEntries(
    ['apiVersion', 'fieldPath', 'kind', 'name', 'namespace', 'resourceVersion', 'uid'].map((k) => [
      k,
      { type: 'string' },
    ]),
  ),
  'x-kubernetes-map-type': 'atomic',
});

/** C identifier (validation.IsCIdentifier) message. */
function cIdentifierErrors(v: string): string[] {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(v)
    ? []
    : [
        `a valid C identifier must start with alphabetic character or '_', followed by a string of alphanumeric characters or '_' (e.g. 'my_name',  or 'MY_NAME',  or 'MyName', regex used for validation is '[A-Za-z_][A-Za-z0-9_]*')`,
      ];
}

export function validateNamespacedObjectReference(p: V1ObjectReference | undefined): FieldErrors {
  if (!p) return FieldErrors.none;
  let errs = FieldErrors.none;
  const bad = Object.entries(p)
    .filter(([k, v]) => !['apiVersion', 'kind', 'name'].includes(k) && v)
    .map(([k]) => k)
    .sort();
  if (bad.length) errs = errs.also(errDisallowedFields(...bad));
  if (!p.apiVersion) errs = errs.also(errMissingField('apiVersion'));
  else if (isQualifiedName(p.apiVersion).length)
    errs = errs.also(errInvalidValue(isQualifiedName(p.apiVersion).join(', '), 'apiVersion'));
  if (!p.kind) errs = errs.also(errMissingField('kind'));
  else if (cIdentifierErrors(p.kind).length)
    errs = errs.also(errInvalidValue(cIdentifierErrors(p.kind).join(', '), 'kind'));
  if (!p.name) errs = errs.also(errMissingField('name'));
  else if (isDNS1123Label(p.name).length)
    errs = errs.also(errInvalidValue(isDNS1123Label(p.name).join(', '), 'name'));
  return errs;
}

export function validateProtocolType(p: string | undefined): FieldErrors {
  return p === 'http1' || p === 'h2c' ? FieldErrors.none : errInvalidValue(p ?? '', '');
}
