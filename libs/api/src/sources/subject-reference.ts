import { Type } from '@sinclair/typebox';
import {
  FieldErrors,
  errInvalidValue,
  errMissingField,
  errMissingOneOf,
  errMultipleOneOf,
} from '../core/field-error';
import { isDNS1123Label, isQualifiedName, isValidLabelValue } from '../core/names';

/** metav1.LabelSelector. */
export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: Array<{ key: string; operator: string; values?: string[] }>;
}

export const LabelSelectorSchema = Type.Object({
  matchLabels: Type.Optional(Type.Record(Type.String(), Type.String())),
  matchExpressions: Type.Optional(
    Type.Array(
      Type.Object({
        key: Type.String(),
        operator: Type.String(),
        values: Type.Optional(Type.Array(Type.String())),
      }),
    ),
  ),
});

/** knative.dev/pkg tracker.Reference: an object by name, or objects by label selector. */
export interface SubjectReference {
  apiVersion?: string;
  kind?: string;
  namespace?: string;
  name?: string;
  selector?: LabelSelector;
}

export const SubjectReferenceSchema = Type.Object({
  apiVersion: Type.Optional(Type.String()),
  kind: Type.Optional(Type.String()),
  namespace: Type.Optional(Type.String()),
  name: Type.Optional(Type.String()),
  selector: Type.Optional(LabelSelectorSchema),
});

const C_IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;
const C_IDENTIFIER_MESSAGE =
  "a valid C identifier must start with alphabetic character or '_', followed by a string of alphanumeric characters or '_' (e.g. 'my_name',  or 'MY_NAME',  or 'MyName', regex used for validation is '[A-Za-z_][A-Za-z0-9_]*')";

/** metav1.LabelSelectorAsSelector's checks, as one message (undefined when valid). */
export function labelSelectorError(selector: LabelSelector): string | undefined {
  for (const [key, value] of Object.entries(selector.matchLabels ?? {})) {
    const bad = [...isQualifiedName(key), ...isValidLabelValue(value)];
    if (bad.length) return `${JSON.stringify(key)}: ${bad.join('; ')}`;
  }
  for (const expr of selector.matchExpressions ?? []) {
    const values = expr.values ?? [];
    switch (expr.operator) {
      case 'In':
      case 'NotIn':
        if (values.length === 0) return "for 'in', 'notin' operators, values set can't be empty";
        break;
      case 'Exists':
      case 'DoesNotExist':
        if (values.length > 0) return 'values set must be empty for exists and does not exist';
        break;
      default:
        return `${JSON.stringify(expr.operator)} is not a valid label selector operator`;
    }
    const bad = isQualifiedName(expr.key);
    if (bad.length) return `${JSON.stringify(expr.key)}: ${bad.join('; ')}`;
  }
  return undefined;
}

/** tracker.Reference.Validate. Paths relative to the reference. */
export function validateSubjectReference(ref: SubjectReference | undefined): FieldErrors {
  const r = ref ?? {};
  let errs = FieldErrors.none;
  if (!r.apiVersion) errs = errs.also(errMissingField('apiVersion'));
  else if (isQualifiedName(r.apiVersion).length)
    errs = errs.also(errInvalidValue(isQualifiedName(r.apiVersion).join(', '), 'apiVersion'));
  if (!r.kind) errs = errs.also(errMissingField('kind'));
  else if (!C_IDENTIFIER.test(r.kind)) errs = errs.also(errInvalidValue(C_IDENTIFIER_MESSAGE, 'kind'));
  if (!r.namespace) errs = errs.also(errMissingField('namespace'));
  else if (isDNS1123Label(r.namespace).length)
    errs = errs.also(errInvalidValue(isDNS1123Label(r.namespace).join(', '), 'namespace'));
  if (r.selector && r.name) {
    errs = errs.also(errMultipleOneOf('selector', 'name'));
  } else if (r.selector) {
    const bad = labelSelectorError(r.selector);
    if (bad) errs = errs.also(errInvalidValue(bad, 'selector'));
  } else if (r.name) {
    if (isDNS1123Label(r.name).length)
      errs = errs.also(errInvalidValue(isDNS1123Label(r.name).join(', '), 'name'));
  } else {
    errs = errs.also(errMissingOneOf('selector', 'name'));
  }
  return errs;
}
