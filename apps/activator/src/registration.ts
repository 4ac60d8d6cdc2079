import { isAlreadyExists, isConflict, isNotFound, type KubeClient, type KubeObject } from '@kuack/controller';

export const ACTIVATOR_SERVICE = 'activator-service';
const SERVICE = { apiVersion: 'v1', kind: 'Service' } as const;
const ENDPOINTS = { apiVersion: 'v1', kind: 'Endpoints' } as const;

export interface ActivatorAddress {
  namespace: string;
  ip: string;
  port: number;
}

interface Subset {
  addresses?: Array<{ ip: string }>;
  notReadyAddresses?: Array<{ ip: string }>;
  ports?: Array<{ name?: string; port: number; protocol?: string }>;
}
interface EndpointsObject extends KubeObject {
  subsets?: Subset[];
}

/** Endpoints subsets with `ip` added to (or, with remove, taken out of) the subset of port `port` named http. */
export function withActivatorAddress(
  subsets: Subset[] | undefined,
  ip: string,
  port: number,
  remove = false,
): Subset[] {
  const out: Subset[] = [];
  let found = false;
  for (const s of subsets ?? []) {
    const mine = s.ports?.some((p) => p.name === 'http' && p.port === port);
    if (!mine) {
      out.push(s);
      continue;
    }
    found = true;
    const others = (s.addresses ?? []).filter((a) => a.ip !== ip);
    const addresses = remove ? others : [...others, { ip }].sort((a, b) => a.ip.localeCompare(b.ip));
    if (addresses.length > 0 || (s.notReadyAddresses?.length ?? 0) > 0) out.push({ ...s, addresses });
  }
  if (!found && !remove) out.push({ addresses: [{ ip }], ports: [{ name: 'http', port, protocol: 'TCP' }] });
  return out;
}

async function retryOnConflict(fn: () => Promise<void>): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await fn();
    } catch (err) {
      if ((!isConflict(err) && !isAlreadyExists(err)) || attempt >= 5) throw err;
    }
  }
}

async function updateEndpoints(client: KubeClient, a: ActivatorAddress, remove: boolean): Promise<void> {
  await retryOnConflict(async () => {
    let existing: EndpointsObject | undefined;
    try {
      existing = await client.get<EndpointsObject>(ENDPOINTS, ACTIVATOR_SERVICE, a.namespace);
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
    const subsets = withActivatorAddress(existing?.subsets, a.ip, a.port, remove);
    if (!existing) {
      if (remove) return;
      await client.create<EndpointsObject>({
        apiVersion: 'v1',
        kind: 'Endpoints',
        metadata: { name: ACTIVATOR_SERVICE, namespace: a.namespace, labels: { app: 'activator' } },
        subsets,
      });
      return;
    }
    await client.update<EndpointsObject>({ ...existing, apiVersion: 'v1', kind: 'Endpoints', subsets });
  });
}

/**
 * Registers this activator as a backend of Service `<namespace>/activator-service` (no selector, port http 80):
 * the SKS reconciler points revisions in Proxy mode at the addresses of its Endpoints.
 */
export async function registerActivator(client: KubeClient, a: ActivatorAddress): Promise<void> {
  try {
    await client.create({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: ACTIVATOR_SERVICE, namespace: a.namespace, labels: { app: 'activator' } },
      spec: { ports: [{ name: 'http', port: 80, targetPort: a.port, protocol: 'TCP' }] },
    });
  } catch (err) {
    if (!isAlreadyExists(err)) throw err;
  }
  await updateEndpoints(client, a, false);
}

/** Takes this activator's address out of the activator-service Endpoints (on shutdown). */
export async function unregisterActivator(client: KubeClient, a: ActivatorAddress): Promise<void> {
  await updateEndpoints(client, a, true);
}

export { SERVICE as SERVICE_GVK, ENDPOINTS as ENDPOINTS_GVK };
