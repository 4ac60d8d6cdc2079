import type { Ingress } from '@kuack/api';
import { hostWithoutPort, normalizeRuleHost, wildcardMatches } from './hosts';
import { precedenceOrder } from './table';

export interface SecretRef {
  namespace: string;
  name: string;
}

/**
 * SNI name → the Secret holding the certificate, from the Ingresses' `tls` entries. `secretNamespace`
 * defaults to the Ingress's namespace; an entry without hosts covers every host of the Ingress's rules.
 * Exact names win over wildcards (`*.example.com`); among equals, the older Ingress wins.
 */
export class TlsTable {
  private constructor(
    private readonly exact: ReadonlyMap<string, SecretRef>,
    private readonly wildcards: ReadonlyArray<readonly [string, SecretRef]>,
  ) {}

  static build(ingresses: Iterable<Ingress>): TlsTable {
    const exact = new Map<string, SecretRef>();
    const wildcards: Array<readonly [string, SecretRef]> = [];
    for (const ing of precedenceOrder(ingresses)) {
      const ruleHosts = (ing.spec?.rules ?? []).flatMap((r) => r.hosts ?? []);
      for (const entry of ing.spec?.tls ?? []) {
        if (!entry.secretName) continue;
        const ref = {
          namespace: entry.secretNamespace || ing.metadata?.namespace || '',
          name: entry.secretName,
        };
        const hosts = entry.hosts?.length ? entry.hosts : ruleHosts;
        for (const h of hosts.map(normalizeRuleHost)) {
          if (h.startsWith('*.')) wildcards.push([h, ref]);
          else if (!exact.has(h)) exact.set(h, ref);
        }
      }
    }
    return new TlsTable(exact, wildcards);
  }

  lookup(serverName: string | undefined): SecretRef | undefined {
    const host = hostWithoutPort(serverName);
    if (!host) return undefined;
    return this.exact.get(host) ?? this.wildcards.find(([pattern]) => wildcardMatches(pattern, host))?.[1];
  }

  /** Every Secret referenced (`namespace/name`), to know which Secret changes matter. */
  secretKeys(): Set<string> {
    const keys = new Set<string>();
    for (const ref of this.exact.values()) keys.add(`${ref.namespace}/${ref.name}`);
    for (const [, ref] of this.wildcards) keys.add(`${ref.namespace}/${ref.name}`);
    return keys;
  }
}
