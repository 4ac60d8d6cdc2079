// KIngress validation (knative.dev/networking ingress_validation.go).
import { FieldErrors, errGeneric, errInvalidValue, errMissingField } from '../core/field-error';
import { deepEqual } from '../core/object';
import type { HTTPIngressPath, Ingress, IngressBackendSplit, IngressRule, IngressTLS } from './ingress.types';

const isEmpty = (v: unknown) => v === undefined || deepEqual(v, {});

export function validateIngress(ing: Ingress): FieldErrors {
  const spec = ing.spec;
  if (isEmpty(spec)) return errMissingField('').viaField('spec');
  let errs = FieldErrors.none;
  if (!spec!.rules?.length) errs = errs.also(errMissingField('rules'));
  spec!.rules?.forEach(
    (r, i) => (errs = errs.also(validateRule(r, ing.metadata?.namespace).viaFieldIndex('rules', i))),
  );
  spec!.tls?.forEach((t, i) => (errs = errs.also(validateTLS(t).viaFieldIndex('tls', i))));
  const o = spec!.httpOption;
  if (o && o !== 'Enabled' && o !== 'Redirected') errs = errs.also(errInvalidValue(o, 'httpOption'));
  return errs.viaField('spec');
}

function validateRule(r: IngressRule, ns: string | undefined): FieldErrors {
  if (isEmpty(r)) return errMissingField('');
  if (!r.http) return errMissingField('http');
  if (!r.http.paths?.length) return errMissingField('paths').viaField('http');
  let errs = FieldErrors.none;
  r.http.paths.forEach((p, i) => (errs = errs.also(validatePath(p, ns).viaFieldIndex('paths', i))));
  return errs.viaField('http');
}

function validatePath(p: HTTPIngressPath, ns: string | undefined): FieldErrors {
  if (isEmpty(p)) return errMissingField('');
  if (!p.splits?.length) return errMissingField('splits');
  let total = 0;
  for (let i = 0; i < p.splits.length; i++) {
    const e = validateSplit(p.splits[i]!, ns);
    if (!e.isEmpty()) return e.viaFieldIndex('splits', i);
    total += p.splits[i]!.percent ?? 0;
  }
  if ((p.splits.length !== 1 || total !== 0) && total !== 100) {
    return errGeneric(`traffic split percentage must total to 100, but was ${total}`, 'splits');
  }
  return FieldErrors.none;
}

function validateSplit(s: IngressBackendSplit, ns: string | undefined): FieldErrors {
  if (isEmpty(s)) return errMissingField('');
  let errs = FieldErrors.none;
  const pct = s.percent ?? 0;
  if (pct < 0 || pct > 100) errs = errs.also(errInvalidValue(pct, 'percent'));
  if (!s.serviceNamespace) errs = errs.also(errMissingField('serviceNamespace'));
  else if (s.serviceNamespace !== (ns ?? ''))
    errs = errs.also(errGeneric('service namespace must match ingress namespace', 'serviceNamespace'));
  if (!s.serviceName) errs = errs.also(errMissingField('serviceName'));
  if (s.servicePort === undefined || s.servicePort === 0 || s.servicePort === '')
    errs = errs.also(errMissingField('servicePort'));
  return errs;
}

function validateTLS(t: IngressTLS): FieldErrors {
  if (isEmpty(t)) return errMissingField('');
  let errs = FieldErrors.none;
  if (!t.secretName) errs = errs.also(errMissingField('secretName'));
  if (!t.secretNamespace) errs = errs.also(errMissingField('secretNamespace'));
  return errs;
}
