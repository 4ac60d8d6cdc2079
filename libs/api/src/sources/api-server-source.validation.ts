import type { ApiConfig } from '../core/config';
import { FieldErrors, errGeneric, errInvalidValue, errMissingField } from '../core/field-error';
import { EventingFeature, eventingFeatureEnabled } from '../eventing/duck/features';
import { validateSourceSpec } from '../eventing/duck/source';
import { validateSubscriptionsAPIFilters } from '../eventing/filters.validation';
import { API_SERVER_MODE, type ApiServerSource } from './api-server-source.types';

/** schema.ParseGroupVersion: "", "v1" or "group/version"; more slashes fail. */
function isGroupVersion(apiVersion: string): boolean {
  return apiVersion.split('/').length <= 2 && !apiVersion.startsWith('/') && !apiVersion.endsWith('/');
}

/** ApiServerSource.Validate: mode, sink, resources (apiVersion + kind), owner, ceOverrides, filters (flagged). */
export function validateApiServerSource(source: ApiServerSource, config: ApiConfig): FieldErrors {
  const spec = source.spec ?? {};
  let errs = FieldErrors.none;
  if (spec.mode !== API_SERVER_MODE.Reference && spec.mode !== API_SERVER_MODE.Resource) {
    errs = errs.also(errInvalidValue(spec.mode ?? '', 'mode'));
  }
  if (!spec.resources?.length) errs = errs.also(errMissingField('resources'));
  (spec.resources ?? []).forEach((res, i) => {
    if (!isGroupVersion(res.apiVersion ?? ''))
      errs = errs.also(errInvalidValue(res.apiVersion, 'apiVersion').viaFieldIndex('resources', i));
    if (!(res.kind ?? '').trim()) errs = errs.also(errMissingField('kind').viaFieldIndex('resources', i));
  });
  if (spec.owner) {
    if (!isGroupVersion(spec.owner.apiVersion ?? ''))
      errs = errs.also(errInvalidValue(spec.owner.apiVersion, 'apiVersion').viaField('owner'));
    if (!(spec.owner.kind ?? '').trim()) errs = errs.also(errMissingField('kind').viaField('owner'));
  }
  errs = errs.also(validateSourceSpec(spec, config, source.metadata?.namespace));
  if (!eventingFeatureEnabled(config, EventingFeature.NewAPIServerFilters)) {
    if (spec.filters?.length)
      errs = errs.also(
        errGeneric('Filters is not empty but the NewAPIServerFilters feature is disabled.', 'filters'),
      );
  } else {
    errs = errs.also(validateSubscriptionsAPIFilters(spec.filters).viaField('filters'));
  }
  return errs.viaField('spec');
}
