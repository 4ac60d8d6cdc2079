import { Type } from '@sinclair/typebox';
import { FieldErrors, errDisallowedFields, errMissingField } from '../field-error';

/** duckv1.KReference: a namespaced reference to a Knative-style object. */
export const KReferenceSchema = Type.Object({
  kind: Type.String(),
  namespace: Type.Optional(Type.String()),
  name: Type.String(),
  apiVersion: Type.Optional(Type.String()),
  group: Type.Optional(Type.String()),
  address: Type.Optional(Type.String()),
});
export interface KReference {
  kind: string;
  namespace?: string;
  name: string;
  apiVersion?: string;
  group?: string;
  address?: string;
}

export interface KReferenceValidationOptions {
  /** Namespace of the object holding the reference; a different one is refused unless crossNamespace. */
  parentNamespace?: string;
  /** Eventing's `kreference-group` feature: `group` instead of apiVersion. */
  groupAllowed?: boolean;
  crossNamespaceAllowed?: boolean;
}

export function validateKReference(
  ref: KReference | undefined,
  opts: KReferenceValidationOptions = {},
): FieldErrors {
  if (!ref) return errMissingField('name').also(errMissingField('apiVersion'), errMissingField('kind'));
  let errs = FieldErrors.none;
  if (!ref.name) errs = errs.also(errMissingField('name'));
  if (opts.groupAllowed) {
    if (!ref.apiVersion && !ref.group)
      errs = errs.also(errMissingField('apiVersion'), errMissingField('group'));
    if (ref.apiVersion && ref.group && !ref.apiVersion.startsWith(ref.group)) {
      errs = errs.also(
        FieldErrors.of(
          'both apiVersion and group are specified and they refer to different API groups',
          ['apiVersion', 'group'],
          'Only one of them must be specified',
        ),
      );
    }
  } else {
    if (ref.group) errs = errs.also(errDisallowedFields('group'));
    if (!ref.apiVersion) errs = errs.also(errMissingField('apiVersion'));
  }
  if (!ref.kind) errs = errs.also(errMissingField('kind'));
  if (
    ref.namespace &&
    !opts.crossNamespaceAllowed &&
    opts.parentNamespace &&
    ref.namespace !== opts.parentNamespace
  ) {
    errs = errs.also(
      FieldErrors.of(
        'mismatched namespaces',
        ['namespace'],
        `parent namespace: ${JSON.stringify(opts.parentNamespace)} does not match ref: ${JSON.stringify(ref.namespace)}`,
      ),
    );
  }
  return errs;
}

/** KReference.SetDefaults: an empty namespace becomes the parent's. */
export function defaultKReference(ref: KReference | undefined, parentNamespace: string | undefined): void {
  if (ref && !ref.namespace && parentNamespace) ref.namespace = parentNamespace;
}
