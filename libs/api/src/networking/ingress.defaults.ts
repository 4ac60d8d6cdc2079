import type { Ingress } from './ingress.types';

/** Ingress defaults: rule visibility ExternalIP; a single split with no percent takes 100. */
export function defaultIngress(ing: Ingress): void {
  for (const rule of ing.spec?.rules ?? []) {
    if (!rule.visibility) rule.visibility = 'ExternalIP';
    for (const p of rule.http?.paths ?? []) {
      if (p.splits?.length === 1 && !p.splits[0]!.percent) p.splits[0]!.percent = 100;
    }
  }
}
