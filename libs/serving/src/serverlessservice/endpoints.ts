import { createHash } from 'node:crypto';
import { HTTP_PORT_NAME, QUEUE_HTTP_PORT } from './resources/services';
import type { EndpointAddress, EndpointSubset, EndpointsObject } from './types';

/** Ready addresses (not `notReadyAddresses`) over all subsets. */
export function readyAddressCount(eps: EndpointsObject | undefined): number {
  return (eps?.subsets ?? []).reduce((n, s) => n + (s.addresses?.length ?? 0), 0);
}

const byIp = (a: EndpointAddress, b: EndpointAddress) => a.ip.localeCompare(b.ip);

/**
 * Serve mode: the ready pods of the private Service's Endpoints, on the queue-proxy's serving port (8012)
 * named `http`; not-ready addresses and the metrics/admin ports are left out.
 */
export function servingSubsets(privateEps: EndpointsObject | undefined): EndpointSubset[] {
  const out: EndpointSubset[] = [];
  for (const s of privateEps?.subsets ?? []) {
    const port = (s.ports ?? []).find((p) => p.port === QUEUE_HTTP_PORT);
    if (!port || !s.addresses?.length) continue;
    out.push({
      addresses: [...s.addresses].sort(byIp),
      ports: [{ name: HTTP_PORT_NAME, port: QUEUE_HTTP_PORT, protocol: 'TCP' }],
    });
  }
  return out;
}

/**
 * A stable choice of `n` of `ips` for `target` (each SKS gets its own, evenly spread subset): the addresses
 * ranked by a hash of target and address. n = 0 or n ≥ |ips| keeps them all.
 */
export function chooseSubset(ips: string[], n: number, target: string): Set<string> {
  if (n <= 0 || n >= ips.length) return new Set(ips);
  const rank = (ip: string) => createHash('sha256').update(`${target}/${ip}`).digest('hex');
  return new Set([...ips].sort((a, b) => rank(a).localeCompare(rank(b))).slice(0, n));
}

/**
 * Proxy mode: the ready addresses of the activator's Endpoints (a subset of `numActivators` when set), with
 * the activator's `http` port.
 */
export function activatorSubsets(
  activatorEps: EndpointsObject | undefined,
  numActivators: number,
  target: string,
): EndpointSubset[] {
  const all = (activatorEps?.subsets ?? []).flatMap((s) => (s.addresses ?? []).map((a) => a.ip));
  const chosen = chooseSubset(all, numActivators, target);
  const out: EndpointSubset[] = [];
  for (const s of activatorEps?.subsets ?? []) {
    const addresses = (s.addresses ?? []).filter((a) => chosen.has(a.ip)).sort(byIp);
    const ports = (s.ports ?? []).filter((p) => p.name === HTTP_PORT_NAME);
    if (!addresses.length || !ports.length) continue;
    out.push({ addresses, ports: ports.map((p) => ({ ...p, protocol: p.protocol ?? 'TCP' })) });
  }
  return out;
}

/** Subsets in a canonical order (addresses by IP, ports by name, subsets by first IP) for comparison. */
export function normalizeSubsets(subsets: EndpointSubset[] | undefined): EndpointSubset[] {
  return (subsets ?? [])
    .filter((s) => (s.addresses?.length ?? 0) + (s.notReadyAddresses?.length ?? 0) > 0)
    .map((s) => ({
      ...s,
      addresses: [...(s.addresses ?? [])].sort(byIp),
      ...(s.notReadyAddresses ? { notReadyAddresses: [...s.notReadyAddresses].sort(byIp) } : {}),
      ports: [...(s.ports ?? [])]
        .map((p) => ({ ...p, protocol: p.protocol ?? 'TCP' }))
        .sort((a, b) => (a.name ?? '').localeCompare(b.name ?? '')),
    }))
    .sort((a, b) => (a.addresses[0]?.ip ?? '').localeCompare(b.addresses[0]?.ip ?? ''));
}
