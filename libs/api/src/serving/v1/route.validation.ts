// Route and traffic validation (route_validation.go).
import {
  FieldErrors,
  errDisallowedFields,
  errGeneric,
  errInvalidArrayValue,
  errInvalidKeyName,
  errMissingField,
  errMissingOneOf,
  errMultipleOneOf,
  errOutOfBoundsValue,
} from '../../core/field-error';
import { goList, isDNS1035Label, isQualifiedName } from '../../core/names';
import type { AdmissionContext } from '../../core/registry';
import {
  validateCreatorAndModifier,
  validateRolloutDurationAnnotation,
  validateServingObjectMeta,
} from '../metadata-validation';
import { validateServiceOwnerLabel } from './configuration.validation';
import type { Route, TrafficTarget } from './route.types';

export interface TrafficContext {
  /** Inside a Service: configurationName is implied and forbidden. */
  inService: boolean;
  /** Validating status.traffic (revisionName and url required) rather than spec.traffic. */
  inStatus?: boolean;
}

export function validateRoute(r: Route, ctx: AdmissionContext): FieldErrors {
  let errs = validateServingObjectMeta(r.metadata, false, ctx.config)
    .also(validateServiceOwnerLabel(r.metadata).viaField('labels'))
    .also(validateRolloutDurationAnnotation(r.metadata?.annotations).viaField('annotations'))
    .viaField('metadata');
  errs = errs.also(
    validateTrafficList(r.spec?.traffic ?? [], { inService: false })
      .viaField('traffic')
      .viaField('spec'),
  );
  if (ctx.operation === 'UPDATE' && !r.metadata?.ownerReferences) {
    const old = ctx.old as Route;
    errs = errs.also(
      validateCreatorAndModifier(
        old.spec,
        r.spec,
        old.metadata?.annotations,
        r.metadata?.annotations,
      ).viaField('metadata.annotations'),
    );
  }
  return errs;
}

/** Relative to the traffic list: each target, unique DNS-1035 tags, percents summing to 100. */
export function validateTrafficList(traffic: TrafficTarget[], tctx: TrafficContext): FieldErrors {
  let errs = FieldErrors.none;
  const tags = new Map<string, number>();
  let sum = 0;
  traffic.forEach((tt, i) => {
    errs = errs.also(validateTrafficTarget(tt, tctx).viaIndex(i));
    if (tt.percent !== undefined && tt.percent !== null) sum += tt.percent;
    if (!tt.tag) return;
    const msgs = isDNS1035Label(tt.tag);
    if (msgs.length)
      errs = errs.also(errInvalidArrayValue(`not a DNS 1035 label: ${goList(msgs)}`, 'tag', i));
    const prev = tags.get(tt.tag);
    if (prev !== undefined)
      errs = errs.also(
        errGeneric(`Multiple definitions for ${JSON.stringify(tt.tag)}`, `[${i}].tag`, `[${prev}].tag`),
      );
    else tags.set(tt.tag, i);
  });
  if (sum !== 100) errs = errs.also(errGeneric(`Traffic targets sum to ${sum}, want 100`, ''));
  return errs;
}

export function validateTrafficTarget(tt: TrafficTarget, tctx: TrafficContext): FieldErrors {
  let errs = FieldErrors.none;
  if (!tctx.inStatus && tt.latestRevision !== undefined) {
    const pinned = !!tt.revisionName;
    if (pinned === tt.latestRevision) {
      errs = errGeneric(
        `may not set revisionName ${JSON.stringify(tt.revisionName ?? '')} when latestRevision is ${tt.latestRevision}`,
        'latestRevision',
      );
    }
  }
  if (tctx.inService && tt.configurationName) {
    errs = errs.also(errDisallowedFields('configurationName'));
  } else if (tt.revisionName && tt.configurationName) {
    errs = errs.also(errMultipleOneOf('revisionName', 'configurationName'));
  } else if (tt.revisionName) {
    const el = isQualifiedName(tt.revisionName);
    if (el.length) errs = errs.also(errInvalidKeyName(tt.revisionName, 'revisionName', ...el));
  } else if (tctx.inStatus) {
    errs = errs.also(errMissingField('revisionName'));
  } else if (tt.configurationName) {
    const el = isQualifiedName(tt.configurationName);
    if (el.length) errs = errs.also(errInvalidKeyName(tt.configurationName, 'configurationName', ...el));
  } else if (!tctx.inService) {
    errs = errs.also(errMissingOneOf('revisionName', 'configurationName'));
  }
  if (tt.percent !== undefined && tt.percent !== null && (tt.percent < 0 || tt.percent > 100)) {
    errs = errs.also(errOutOfBoundsValue(tt.percent, 0, 100, 'percent'));
  }
  if (tt.url) {
    if (!tctx.inStatus) errs = errs.also(errDisallowedFields('url'));
    if (!tt.tag) errs = errs.also(errDisallowedFields('url'));
  } else if (tt.tag && tctx.inStatus) {
    errs = errs.also(errMissingField('url'));
  }
  return errs;
}
