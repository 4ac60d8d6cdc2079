// Revision validation (knative/serving pkg/apis/serving/v1/revision_validation.go).
import type { V1ObjectMeta } from '@kubernetes/client-node';
import { validateAutoscalingAnnotations } from '../../autoscaling/annotation-validation';
import type { ApiConfig } from '../../core/config';
import {
  FieldErrors,
  errDisallowedFields,
  errInvalidValue,
  errOutOfBoundsValue,
  errImmutableFields,
} from '../../core/field-error';
import { goList, nameIsDNS1035Label } from '../../core/names';
import { deepEqual, diffSummary } from '../../core/object';
import type { AdmissionContext } from '../../core/registry';
import { validatePodSpec } from '../k8s-validation';
import {
  validateContainerConcurrency,
  validateNetworkingAnnotations,
  validateProgressDeadlineAnnotation,
  validateQueueSidecarResourceAnnotations,
  validateServingObjectMeta,
  verifyLabelOwnerRef,
} from '../metadata-validation';
import { ServingLabels } from '../register';
import type { Revision, RevisionSpec, RevisionTemplateSpec } from './revision.types';

export function validateRevision(rev: Revision, ctx: AdmissionContext): FieldErrors {
  let errs = validateServingObjectMeta(rev.metadata, true, ctx.config)
    .also(validateRevisionLabels(rev.metadata).viaField('labels'))
    .viaField('metadata');
  if (ctx.operation === 'UPDATE') {
    const old = ctx.old as Revision;
    if (!deepEqual(old.spec, rev.spec)) {
      return errs.also(errImmutableFields(diffSummary(old.spec, rev.spec), 'spec'));
    }
  } else {
    errs = errs.also(validateRevisionSpec(rev.spec, ctx.config).viaField('spec'));
  }
  return errs;
}

function validateRevisionLabels(meta: V1ObjectMeta | undefined): FieldErrors {
  const v = meta?.labels?.[ServingLabels.configuration];
  return v === undefined
    ? FieldErrors.none
    : verifyLabelOwnerRef(v, ServingLabels.configuration, 'Configuration', meta);
}

export function validateRevisionSpec(rs: RevisionSpec | undefined, config: ApiConfig): FieldErrors {
  const {
    containerConcurrency: _cc,
    timeoutSeconds: _t,
    responseStartTimeoutSeconds: _r,
    idleTimeoutSeconds: _i,
    ...podSpec
  } = rs ?? ({} as RevisionSpec);
  let errs = validatePodSpec(podSpec as RevisionSpec, config);
  if (rs?.timeoutSeconds !== undefined) errs = errs.also(validateTimeoutSeconds(rs.timeoutSeconds, config));
  if (rs?.containerConcurrency !== undefined)
    errs = errs.also(
      validateContainerConcurrency(rs.containerConcurrency, config).viaField('containerConcurrency'),
    );
  return errs;
}

function validateTimeoutSeconds(t: number, config: ApiConfig): FieldErrors {
  const max = config.defaults.maxRevisionTimeoutSeconds;
  return t !== 0 && (t > max || t < 0) ? errOutOfBoundsValue(t, 0, max, 'timeoutSeconds') : FieldErrors.none;
}

/**
 * RevisionTemplateSpec.Validate, relative to the template. `parent` is the owning Configuration/Service
 * metadata: a BYO revision name must start with `{parent}-`.
 */
export function validateRevisionTemplate(
  t: RevisionTemplateSpec | undefined,
  parent: V1ObjectMeta | undefined,
  config: ApiConfig,
): FieldErrors {
  const anns = t?.metadata?.annotations;
  let errs = validateRevisionSpec(t?.spec, config).viaField('spec');
  errs = errs.also(validateAutoscalingAnnotations(config.autoscaler, anns).viaField('metadata.annotations'));
  errs = errs.also(validateNetworkingAnnotations(anns).viaField('metadata.annotations'));
  errs = errs.also(validateRevisionName(t?.metadata?.name ?? '', t?.metadata?.generateName ?? '', parent));
  errs = errs.also(validateQueueSidecarResourceAnnotations(anns).viaField('metadata.annotations'));
  errs = errs.also(validateProgressDeadlineAnnotation(anns).viaField('metadata.annotations'));
  return errs;
}

function validateRevisionName(
  name: string,
  generateName: string,
  parent: V1ObjectMeta | undefined,
): FieldErrors {
  if (generateName) {
    const msgs = nameIsDNS1035Label(generateName, true);
    if (msgs.length)
      return errInvalidValue(`not a DNS 1035 label prefix: ${goList(msgs)}`, 'metadata.generateName');
  }
  if (name) {
    const msgs = nameIsDNS1035Label(name, false);
    if (msgs.length) return errInvalidValue(`not a DNS 1035 label: ${goList(msgs)}`, 'metadata.name');
    const parentName = parent?.name ?? '';
    if (!parentName && parent?.generateName) return errDisallowedFields('metadata.name');
    const prefix = `${parentName}-`;
    if (!name.startsWith(prefix))
      return errInvalidValue(
        `${JSON.stringify(name)} must have prefix ${JSON.stringify(prefix)}`,
        'metadata.name',
      );
  }
  return FieldErrors.none;
}

/** A template that keeps its BYO name must not change (VerifyNameChange), relative to the template. */
export function verifyTemplateNameChange(
  next: RevisionTemplateSpec | undefined,
  old: RevisionTemplateSpec | undefined,
): FieldErrors {
  const name = next?.metadata?.name;
  if (!name || name !== old?.metadata?.name) return FieldErrors.none;
  if (deepEqual(old, next)) return FieldErrors.none;
  return FieldErrors.of(
    'Saw the following changes without a name change (-old +new)',
    ['metadata.name'],
    diffSummary(old, next),
  );
}
