// DomainMapping validation (domainmapping_validation.go): the name is the domain.
import { validateKReference } from '../../core/duck/kreference';
import { FieldErrors, errDisallowedFields, errGeneric } from '../../core/field-error';
import { isDNS1123Subdomain } from '../../core/names';
import type { AdmissionContext } from '../../core/registry';
import { validateCreatorAndModifier } from '../metadata-validation';
import type { DomainMapping } from './domainmapping.types';

const CLUSTER_DOMAIN = 'cluster.local';

/** validation.IsFullyQualifiedDomainName: at least two labels, each a DNS-1123 subdomain part. */
function fqdnErrors(name: string): string[] {
  if (name.length === 0) return ['name: Required value'];
  const n = name.endsWith('.') ? name.slice(0, -1) : name;
  const errs = isDNS1123Subdomain(n).map((m) => `name: Invalid value: ${JSON.stringify(n)}: ${m}`);
  if (errs.length) return errs;
  if (n.split('.').length < 2)
    return [
      `name: Invalid value: ${JSON.stringify(n)}: should be a domain with at least two segments separated by dots`,
    ];
  return [];
}

export function validateDomainMapping(dm: DomainMapping, ctx: AdmissionContext): FieldErrors {
  let meta = FieldErrors.none;
  const name = dm.metadata?.name ?? '';
  if (dm.metadata?.generateName) meta = meta.also(errDisallowedFields('generateName'));
  const fq = fqdnErrors(name);
  if (fq.length)
    meta = meta.also(
      errGeneric(
        `invalid name ${JSON.stringify(name)}: ${fq.length === 1 ? fq[0] : `[${fq.join(', ')}]`}`,
        'name',
      ),
    );
  if (name.endsWith(`.${CLUSTER_DOMAIN}`)) {
    meta = meta.also(
      errGeneric(
        `invalid name ${JSON.stringify(name)}: must not be a subdomain of cluster local domain ${JSON.stringify(CLUSTER_DOMAIN)}`,
        'name',
      ),
    );
  }
  if (ctx.operation === 'UPDATE') {
    const old = ctx.old as DomainMapping;
    meta = meta.also(
      validateCreatorAndModifier(
        old.spec,
        dm.spec,
        old.metadata?.annotations,
        dm.metadata?.annotations,
      ).viaField('annotations'),
    );
  }
  const spec = validateKReference(dm.spec?.ref, { parentNamespace: dm.metadata?.namespace }).viaField('ref');
  return meta.viaField('metadata').also(spec.viaField('spec'));
}
