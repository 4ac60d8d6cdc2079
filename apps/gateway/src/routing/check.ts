import type { Ingress } from '@kuack/api';

/**
 * What would make an Ingress unroutable, naming the field (the CRD schema or the webhook normally refuse it
 * first; an API server without either can still hand one over). Undefined when it is fine.
 */
export function ingressProblem(ing: Ingress): string | undefined {
  const rules = ing.spec?.rules;
  if (rules !== undefined && !Array.isArray(rules)) return 'spec.rules: must be a list';
  for (const [i, rule] of (rules ?? []).entries()) {
    const at = `spec.rules[${i}]`;
    if (
      rule.hosts !== undefined &&
      (!Array.isArray(rule.hosts) || rule.hosts.some((h) => typeof h !== 'string'))
    )
      return `${at}.hosts: must be a list of host names`;
    if (
      rule.visibility !== undefined &&
      rule.visibility !== 'ExternalIP' &&
      rule.visibility !== 'ClusterLocal'
    )
      return `${at}.visibility: "${String(rule.visibility)}" is not ExternalIP or ClusterLocal`;
    const paths = rule.http?.paths;
    if (rule.http && !Array.isArray(paths)) return `${at}.http.paths: must be a list`;
    for (const [j, path] of (paths ?? []).entries()) {
      const p = `${at}.http.paths[${j}]`;
      if (path.path !== undefined && path.path !== '' && !String(path.path).startsWith('/'))
        return `${p}.path: "${String(path.path)}" must start with /`;
      if (!Array.isArray(path.splits) || path.splits.length === 0) return `${p}.splits: must not be empty`;
      for (const [k, split] of path.splits.entries()) {
        const s = `${p}.splits[${k}]`;
        if (!split.serviceName) return `${s}.serviceName: required`;
        if (!split.serviceNamespace) return `${s}.serviceNamespace: required`;
        if (
          split.percent !== undefined &&
          (!Number.isInteger(split.percent) || split.percent < 0 || split.percent > 100)
        )
          return `${s}.percent: ${String(split.percent)} is not a whole number from 0 to 100`;
      }
    }
  }
  return undefined;
}
