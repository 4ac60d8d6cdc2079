import { parse as parseYaml } from 'yaml';
import { type ConfigParser, ConfigReader } from './parse';

export interface DomainEntry {
  /** Labels a Route must carry for this domain; empty = the default domain. */
  selector: Record<string, string>;
  type: string;
}

/** config-domain (knative/serving pkg/reconciler/route/config/domain.go): domain → label selector. */
export interface DomainConfig {
  domains: Record<string, DomainEntry>;
}

export const DEFAULT_DOMAIN = 'svc.cluster.local';
const VISIBILITY_LABEL = 'networking.knative.dev/visibility';

export function defaultDomainConfig(): DomainConfig {
  return { domains: { [DEFAULT_DOMAIN]: { selector: {}, type: 'wildcard' } } };
}

export const domainConfig: ConfigParser<DomainConfig> = {
  name: 'config-domain',
  defaults: defaultDomainConfig,
  parse(data) {
    const r = new ConfigReader('config-domain', data);
    const domains: Record<string, DomainEntry> = {};
    let hasDefault = false;
    for (const [domain, raw] of Object.entries(data)) {
      if (domain === '_example') continue;
      let value: unknown;
      try {
        value = raw.trim() ? parseYaml(raw) : {};
      } catch (err) {
        r.fail(domain, `is not YAML: ${(err as Error).message}`);
      }
      const v = (value ?? {}) as { selector?: unknown; type?: unknown };
      if (typeof v !== 'object' || Array.isArray(v))
        r.fail(domain, 'must be empty or a mapping with "selector"');
      const selector = (v.selector ?? {}) as Record<string, string>;
      if (
        typeof selector !== 'object' ||
        Array.isArray(selector) ||
        Object.values(selector).some((x) => typeof x !== 'string')
      ) {
        r.fail(domain, 'selector must map label keys to string values');
      }
      const empty = Object.keys(selector).length === 0;
      if (empty) hasDefault = true;
      domains[domain] = { selector, type: empty ? 'wildcard' : String(v.type ?? '') };
    }
    if (!hasDefault) domains[DEFAULT_DOMAIN] = { selector: {}, type: 'wildcard' };
    return { domains };
  },
};

/** The domain for a Route's labels: the most specific matching selector, ties broken by name. */
export function lookupDomain(config: DomainConfig, labels: Record<string, string>): string {
  if (labels[VISIBILITY_LABEL] === 'cluster-local') return DEFAULT_DOMAIN;
  let best = '';
  let specificity = -1;
  for (const [domain, entry] of Object.entries(config.domains)) {
    const matches = Object.entries(entry.selector).every(([k, v]) => labels[k] === v);
    const s = Object.keys(entry.selector).length;
    if (!matches || s < specificity) continue;
    if (s > specificity || domain < best) {
      best = domain;
      specificity = s;
    }
  }
  return best;
}
