import { defaultKReference } from '../../core/duck/kreference';
import type { AdmissionContext } from '../../core/registry';
import { setUserInfo } from '../metadata-validation';
import type { DomainMapping } from './domainmapping.types';

/** DomainMapping defaults: the ref's namespace is the mapping's; creator/lastModifier. */
export function defaultDomainMapping(dm: DomainMapping, ctx: AdmissionContext): void {
  if (dm.spec?.ref) defaultKReference(dm.spec.ref, dm.metadata?.namespace);
  setUserInfo(ctx, (ctx.old as DomainMapping | undefined)?.spec, dm.spec, (dm.metadata ??= {}));
}
