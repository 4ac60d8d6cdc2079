// ObjectMeta validation: Knative's webhook rule (apis.ValidateObjectMetadata) and the API server's generic
// rules (names, label and annotation keys/values), both returning field errors relative to `metadata`.
import type { V1ObjectMeta } from '@kubernetes/client-node';
import { FieldErrors, errGeneric } from './field-error';
import {
  goList,
  isDNS1123Label,
  isDNS1123Subdomain,
  isQualifiedName,
  isValidLabelValue,
  nameIsDNS1035Label,
} from './names';

export type ObjectMeta = V1ObjectMeta;

/** Knative: name (or generateName prefix) must be a DNS-1035 label; one of them is required. */
export function validateKnativeObjectMeta(meta: ObjectMeta | undefined): FieldErrors {
  const name = meta?.name ?? '';
  const generateName = meta?.generateName ?? '';
  if (generateName) {
    const msgs = nameIsDNS1035Label(generateName, true);
    if (msgs.length) return errGeneric(`not a DNS 1035 label prefix: ${goList(msgs)}`, 'generateName');
  }
  if (name) {
    const msgs = nameIsDNS1035Label(name, false);
    if (msgs.length) return errGeneric(`not a DNS 1035 label: ${goList(msgs)}`, 'name');
  }
  if (!generateName && !name) return errGeneric('name or generateName is required', 'name');
  return FieldErrors.none;
}

export type NameRule = 'subdomain' | 'label' | 'dns1035';

const TOTAL_ANNOTATION_SIZE_LIMIT = 256 * 1024;

/** The API server's generic ObjectMeta rules (what kube-apiserver checks for every object). */
export function validateKubernetesObjectMeta(
  meta: ObjectMeta | undefined,
  opts: { nameRule?: NameRule; namespaced?: boolean } = {},
): FieldErrors {
  let errs = FieldErrors.none;
  const rule = opts.nameRule ?? 'subdomain';
  const name = meta?.name ?? '';
  if (!name && !meta?.generateName) {
    errs = errs.also(errGeneric('name or generateName is required', 'name'));
  } else if (name) {
    const msgs =
      rule === 'label'
        ? isDNS1123Label(name)
        : rule === 'dns1035'
          ? nameIsDNS1035Label(name, false)
          : isDNS1123Subdomain(name);
    for (const m of msgs)
      errs = errs.also(errGeneric(`Invalid value: ${JSON.stringify(name)}: ${m}`, 'name'));
  }
  if (opts.namespaced && meta?.namespace) {
    for (const m of isDNS1123Label(meta.namespace)) {
      errs = errs.also(errGeneric(`Invalid value: ${JSON.stringify(meta.namespace)}: ${m}`, 'namespace'));
    }
  }
  errs = errs.also(validateLabels(meta?.labels).viaField('labels'));
  errs = errs.also(validateAnnotations(meta?.annotations).viaField('annotations'));
  return errs;
}

export function validateLabels(labels: Record<string, string> | undefined): FieldErrors {
  let errs = FieldErrors.none;
  for (const [k, v] of Object.entries(labels ?? {})) {
    for (const m of isQualifiedName(k))
      errs = errs.also(errGeneric(`Invalid value: ${JSON.stringify(k)}: ${m}`, ''));
    for (const m of isValidLabelValue(String(v))) {
      errs = errs.also(errGeneric(`Invalid value: ${JSON.stringify(v)}: ${m}`, '').viaKey(k));
    }
  }
  return errs;
}

export function validateAnnotations(annotations: Record<string, string> | undefined): FieldErrors {
  let errs = FieldErrors.none;
  let total = 0;
  for (const [k, v] of Object.entries(annotations ?? {})) {
    for (const m of isQualifiedName(k.toLowerCase()))
      errs = errs.also(errGeneric(`Invalid value: ${JSON.stringify(k)}: ${m}`, ''));
    total += k.length + String(v).length;
  }
  if (total > TOTAL_ANNOTATION_SIZE_LIMIT) {
    errs = errs.also(errGeneric(`Too long: may not be more than ${TOTAL_ANNOTATION_SIZE_LIMIT} bytes`, ''));
  }
  return errs;
}
