// Configuration defaults (configuration_defaults.go): the template is defaulted unless it keeps its BYO name.
import type { AdmissionContext } from '../../core/registry';
import { setUserInfo } from '../metadata-validation';
import type { Configuration, ConfigurationSpec } from './configuration.types';
import { defaultRevisionTemplate } from './revision.defaults';

export function defaultConfiguration(c: Configuration, ctx: AdmissionContext): void {
  c.spec ??= {};
  const prev = ctx.old as Configuration | undefined;
  defaultConfigurationSpec(c.spec, ctx, prev?.spec, c.metadata?.name);
  if (!c.metadata?.ownerReferences) setUserInfo(ctx, prev?.spec, c.spec, (c.metadata ??= {}));
}

/** Shared with Service: skip defaulting when the template keeps the same BYO revision name (no new revision). */
export function defaultConfigurationSpec(
  spec: ConfigurationSpec,
  ctx: AdmissionContext,
  prev: ConfigurationSpec | undefined,
  parentName?: string,
): void {
  if (prev) {
    const newName = spec.template?.metadata?.name;
    if (newName && newName === prev.template?.metadata?.name) return;
  }
  spec.template ??= {};
  defaultRevisionTemplate(spec.template, ctx, parentName);
}
