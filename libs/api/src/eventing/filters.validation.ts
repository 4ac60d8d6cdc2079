import { tryParseCesql } from '../cesql';
import { FieldErrors, errGeneric, errInvalidKeyName, errInvalidValue } from '../core/field-error';
import type { SubscriptionsAPIFilter, TriggerFilter } from './filters.types';

const ATTRIBUTE_NAME = /^[a-z][a-z0-9]*$/;

/** Keys of an attributes/exact/prefix/suffix map must be CloudEvents attribute names. */
export function validateAttributeNames(attributes: Record<string, string> | undefined): FieldErrors {
  let errs = FieldErrors.none;
  for (const key of Object.keys(attributes ?? {}).sort()) {
    if (!ATTRIBUTE_NAME.test(key)) {
      errs = errs.also(
        errInvalidKeyName(
          key,
          '',
          'Attribute name must start with a letter and can only contain lowercase alphanumeric',
        ).viaKey(key),
      );
    }
  }
  return errs;
}

/** Trigger `spec.filter` (paths relative to it). */
export function validateTriggerFilter(filter: TriggerFilter | undefined): FieldErrors {
  if (!filter) return FieldErrors.none;
  return validateAttributeNames(filter.attributes).viaField('attributes');
}

/** Trigger `spec.filters` / ApiServerSource `spec.filters` (paths relative to the list). */
export function validateSubscriptionsAPIFilters(
  filters: readonly SubscriptionsAPIFilter[] | undefined,
): FieldErrors {
  let errs = FieldErrors.none;
  (filters ?? []).forEach((filter, i) => {
    errs = errs.also(validateSubscriptionsAPIFilter(filter).viaIndex(i));
  });
  return errs;
}

export function validateSubscriptionsAPIFilter(filter: SubscriptionsAPIFilter | undefined): FieldErrors {
  if (!filter) return FieldErrors.none;
  let errs = FieldErrors.none;
  if (dialectsOf(filter).length > 1) {
    errs = errs.also(errGeneric('multiple dialects found, filters can have only one dialect set'));
  }
  return errs.also(
    validateAttributeNames(filter.exact).viaField('exact'),
    validateAttributeNames(filter.prefix).viaField('prefix'),
    validateAttributeNames(filter.suffix).viaField('suffix'),
    validateSubscriptionsAPIFilters(filter.all).viaField('all'),
    validateSubscriptionsAPIFilters(filter.any).viaField('any'),
    validateSubscriptionsAPIFilter(filter.not).viaField('not'),
    validateCesqlExpression(filter.cesql).viaField('cesql'),
  );
}

/** Knative's message is `invalid value: <expression>` with the parser's error as details. */
export function validateCesqlExpression(expression: string | undefined): FieldErrors {
  if (!expression) return FieldErrors.none;
  const parsed = tryParseCesql(expression);
  return parsed.ok ? FieldErrors.none : errInvalidValue(expression, '', parsed.error.message);
}

/** The dialects an entry sets (empty maps and lists do not count, as in Knative). */
export function dialectsOf(filter: SubscriptionsAPIFilter): string[] {
  const dialects: string[] = [];
  if (Object.keys(filter.exact ?? {}).length) dialects.push('exact');
  if (Object.keys(filter.prefix ?? {}).length) dialects.push('prefix');
  if (Object.keys(filter.suffix ?? {}).length) dialects.push('suffix');
  if (filter.all?.length) dialects.push('all');
  if (filter.any?.length) dialects.push('any');
  if (filter.not) dialects.push('not');
  if (filter.cesql) dialects.push('cesql');
  return dialects;
}
