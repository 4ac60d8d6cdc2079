import { Type } from '@sinclair/typebox';
import { FieldErrors, errGeneric, errInvalidValue } from '../field-error';
import {
  KReferenceSchema,
  type KReference,
  type KReferenceValidationOptions,
  defaultKReference,
  validateKReference,
} from './kreference';

/** duckv1.Destination: where to send events — a reference, a URI, or a URI relative to the reference. */
export const DestinationSchema = Type.Object({
  ref: Type.Optional(KReferenceSchema),
  uri: Type.Optional(Type.String()),
  CACerts: Type.Optional(Type.String()),
  audience: Type.Optional(Type.String()),
});
export interface Destination {
  ref?: KReference;
  uri?: string;
  CACerts?: string;
  audience?: string;
}

function parseUrl(uri: string): URL | undefined {
  try {
    return new URL(uri);
  } catch {
    return undefined;
  }
}

/** Absolute = has a scheme (Go url.URL.IsAbs). */
function isAbsolute(uri: string): boolean {
  return /^[a-zA-Z][a-zA-Z0-9+.-]*:/.test(uri);
}

export function validateDestination(
  dest: Destination | undefined,
  opts: KReferenceValidationOptions = {},
): FieldErrors {
  if (!dest) return FieldErrors.none;
  const { ref, uri, CACerts } = dest;
  if (!ref && uri === undefined) return errGeneric('expected at least one, got none', 'ref', 'uri');
  if (ref && uri !== undefined && isAbsolute(uri)) {
    return errGeneric(
      'Absolute URI is not allowed when Ref or [apiVersion, kind, name] is present',
      '[apiVersion, kind, name]',
      'ref',
      'uri',
    );
  }
  if (!ref && uri !== undefined && (!isAbsolute(uri) || !parseUrl(uri)?.host)) {
    return errInvalidValue(
      'Relative URI is not allowed when Ref and [apiVersion, kind, name] is absent',
      'uri',
    );
  }
  if (ref && uri === undefined) return validateKReference(ref, opts).viaField('ref');
  if (CACerts !== undefined) return validateCACerts(CACerts);
  return FieldErrors.none;
}

/** A PEM block of type CERTIFICATE (the DER itself is checked by the component that loads it). */
export function validateCACerts(pem: string): FieldErrors {
  const m = /-----BEGIN ([A-Z0-9 ]+)-----\s*([A-Za-z0-9+/=\s]+?)\s*-----END \1-----/.exec(pem);
  if (!m) return errInvalidValue('CA Cert provided is invalid', 'caCert');
  if (m[1] !== 'CERTIFICATE') return errInvalidValue('CA Cert provided is not a certificate', 'caCert');
  return FieldErrors.none;
}

export function defaultDestination(dest: Destination | undefined, parentNamespace: string | undefined): void {
  defaultKReference(dest?.ref, parentNamespace);
}
