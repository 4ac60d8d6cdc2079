import { isPodReady } from './pods';
import type { Pod, Service, ServicePort } from './types';

export interface EndpointAddress {
  ip: string;
  nodeName?: string;
  targetRef: { kind: 'Pod'; namespace: string; name: string; uid: string };
}

export interface EndpointPort {
  name?: string;
  port: number;
  protocol: string;
}

export interface EndpointSubset {
  addresses?: EndpointAddress[];
  notReadyAddresses?: EndpointAddress[];
  ports: EndpointPort[];
}

/** The container port a Service port targets on a pod: a number as is, a name looked up in the containers. */
export function resolveTargetPort(pod: Pod, port: ServicePort): number | undefined {
  const target = port.targetPort ?? port.port;
  const protocol = port.protocol ?? 'TCP';
  if (typeof target === 'number') return target;
  if (/^\d+$/.test(target)) return Number(target);
  for (const c of pod.spec?.containers ?? []) {
    const found = (c.ports ?? []).find((p) => p.name === target && (p.protocol ?? 'TCP') === protocol);
    if (found) return found.containerPort;
  }
  return undefined;
}

/** Pods the Service's endpoints list: selected, with an IP, not finished; terminating only if publishing not-ready. */
function eligible(svc: Service, pod: Pod): boolean {
  if (!pod.status?.podIP) return false;
  if (pod.status.phase === 'Succeeded' || pod.status.phase === 'Failed') return false;
  if (pod.metadata.deletionTimestamp && !svc.spec?.publishNotReadyAddresses) return false;
  return true;
}

/**
 * The subsets of a Service's Endpoints (the endpoints controller): one address per pod and resolved port set,
 * ready pods under `addresses`, the others under `notReadyAddresses`; subsets with the same ports merged and
 * everything sorted so an unchanged set of pods gives the same object.
 */
export function buildSubsets(svc: Service, pods: Pod[]): EndpointSubset[] {
  const groups = new Map<string, EndpointSubset>();
  for (const pod of pods) {
    if (!eligible(svc, pod)) continue;
    const ports: EndpointPort[] = [];
    for (const sp of svc.spec?.ports ?? []) {
      const port = resolveTargetPort(pod, sp);
      if (port === undefined) continue;
      ports.push({ ...(sp.name ? { name: sp.name } : {}), port, protocol: sp.protocol ?? 'TCP' });
    }
    if ((svc.spec?.ports ?? []).length > 0 && ports.length === 0) continue;
    ports.sort((a, b) => (a.name ?? '').localeCompare(b.name ?? '') || a.port - b.port);
    const key = JSON.stringify(ports);
    const subset = groups.get(key) ?? { ports };
    groups.set(key, subset);
    const address: EndpointAddress = {
      ip: pod.status!.podIP!,
      ...(pod.spec?.nodeName ? { nodeName: pod.spec.nodeName } : {}),
      targetRef: {
        kind: 'Pod',
        namespace: pod.metadata.namespace ?? '',
        name: pod.metadata.name!,
        uid: pod.metadata.uid ?? '',
      },
    };
    const ready = svc.spec?.publishNotReadyAddresses || (isPodReady(pod) && !pod.metadata.deletionTimestamp);
    if (ready) (subset.addresses ??= []).push(address);
    else (subset.notReadyAddresses ??= []).push(address);
  }
  const byIp = (a: EndpointAddress, b: EndpointAddress) =>
    a.ip.localeCompare(b.ip) || a.targetRef.name.localeCompare(b.targetRef.name);
  return [...groups.entries()]
    .sort((a, b) => a[0].localeCompare(b[0]))
    .map(([, s]) => ({
      ...(s.addresses ? { addresses: s.addresses.sort(byIp) } : {}),
      ...(s.notReadyAddresses ? { notReadyAddresses: s.notReadyAddresses.sort(byIp) } : {}),
      ports: s.ports,
    }));
}

export interface SliceEndpoint {
  addresses: string[];
  conditions: { ready: boolean; serving: boolean; terminating: boolean };
  nodeName?: string;
  targetRef: EndpointAddress['targetRef'];
}

/** EndpointSlice content for one port set: the same pods, readiness as conditions. */
export function buildSliceEndpoints(
  svc: Service,
  pods: Pod[],
): { ports: EndpointPort[]; endpoints: SliceEndpoint[] }[] {
  const byName = new Map(pods.map((p) => [p.metadata.name!, p]));
  return buildSubsets(
    { ...svc, spec: { ...svc.spec, publishNotReadyAddresses: false } },
    pods.filter((p) => !p.metadata.deletionTimestamp),
  ).map((s) => ({
    ports: s.ports,
    endpoints: [
      ...(s.addresses ?? []).map((a) => [a, true] as const),
      ...(s.notReadyAddresses ?? []).map((a) => [a, false] as const),
    ]
      .sort((x, y) => x[0].ip.localeCompare(y[0].ip))
      .map(([a, ready]) => ({
        addresses: [a.ip],
        conditions: {
          ready: ready || !!svc.spec?.publishNotReadyAddresses,
          serving: ready,
          terminating: !!byName.get(a.targetRef.name)?.metadata.deletionTimestamp,
        },
        ...(a.nodeName ? { nodeName: a.nodeName } : {}),
        targetRef: a.targetRef,
      })),
  }));
}
