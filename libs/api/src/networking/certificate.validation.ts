import { FieldErrors, errInvalidArrayValue, errInvalidValue, errMissingField } from '../core/field-error';
import type { Certificate } from './certificate.types';

/** KCertificate validation (certificate_validation.go). */
export function validateCertificate(c: Certificate): FieldErrors {
  const s = c.spec;
  let errs = FieldErrors.none;
  const names = s?.dnsNames ?? [];
  if (names.length === 0) errs = errs.also(errMissingField('dnsNames'));
  names.forEach((n, i) => {
    if (!n) errs = errs.also(errInvalidArrayValue(n, 'dnsNames', i));
  });
  if (!s?.secretName) errs = errs.also(errMissingField('secretName'));
  if (s?.domain && names.length && !names.some((n) => n === s.domain || n.endsWith(`.${s.domain}`))) {
    errs = errs.also(
      errInvalidValue(
        'domain',
        'domain must be a suffix of, or match exactly, at least one entry in dnsNames',
      ),
    );
  }
  return errs.viaField('spec');
}
