/**
 * Host header handling. Knative rule hosts carry no port (the port is implicit: 80 for http, 443 for https),
 * but in local mode clients send `hello.default.localhost:8080`, so matching ignores the port.
 */

/** Lower-cased host of a Host header or SNI name without its port and trailing dot; '' when absent. */
export function hostWithoutPort(value: string | undefined): string {
  if (!value) return '';
  let host = value.trim().toLowerCase();
  if (host.startsWith('[')) {
    const end = host.indexOf(']');
    host = end > 0 ? host.slice(0, end + 1) : host;
  } else {
    const colon = host.lastIndexOf(':');
    // One colon: host:port. More than one without brackets: a bare IPv6 literal, keep it whole.
    if (colon >= 0 && host.indexOf(':') === colon) host = host.slice(0, colon);
  }
  return host.endsWith('.') ? host.slice(0, -1) : host;
}

/** The port of a Host header, if it names one. */
export function portOfHost(value: string | undefined): number | undefined {
  if (!value) return undefined;
  const m = /^(?:\[[^\]]*\]|[^:]*):(\d{1,5})$/.exec(value.trim());
  return m ? Number(m[1]) : undefined;
}

/** Lower-cased rule host (a rule host is matched case-insensitively, as DNS names are). */
export function normalizeRuleHost(host: string): string {
  const h = host.trim().toLowerCase();
  return h.endsWith('.') ? h.slice(0, -1) : h;
}

/** `*.example.com` matches `a.example.com` but not `example.com` nor `a.b.example.com` (TLS wildcard rules). */
export function wildcardMatches(pattern: string, host: string): boolean {
  if (!pattern.startsWith('*.')) return pattern === host;
  const suffix = pattern.slice(1);
  if (!host.endsWith(suffix)) return false;
  const label = host.slice(0, host.length - suffix.length);
  return label.length > 0 && !label.includes('.');
}
