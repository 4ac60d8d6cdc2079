import { errorFromStatus } from './errors';
import { type Gvk, gvkKey, splitApiVersion } from './objects';
import type { Transport } from './transport';

export interface ResourceInfo {
  /** Plural resource name in URLs, e.g. `configmaps`. */
  resource: string;
  namespaced: boolean;
}

// Kinds every Kuack component uses, so a cold start does not spend discovery requests on them.
const WELL_KNOWN: Record<string, ResourceInfo> = {
  'v1/ConfigMap': { resource: 'configmaps', namespaced: true },
  'v1/Secret': { resource: 'secrets', namespaced: true },
  'v1/Service': { resource: 'services', namespaced: true },
  'v1/Pod': { resource: 'pods', namespaced: true },
  'v1/Endpoints': { resource: 'endpoints', namespaced: true },
  'v1/Event': { resource: 'events', namespaced: true },
  'v1/Namespace': { resource: 'namespaces', namespaced: false },
  'v1/Node': { resource: 'nodes', namespaced: false },
  'v1/ServiceAccount': { resource: 'serviceaccounts', namespaced: true },
  'apps/v1/Deployment': { resource: 'deployments', namespaced: true },
  'apps/v1/ReplicaSet': { resource: 'replicasets', namespaced: true },
  'coordination.k8s.io/v1/Lease': { resource: 'leases', namespaced: true },
  'discovery.k8s.io/v1/EndpointSlice': { resource: 'endpointslices', namespaced: true },
  'apiextensions.k8s.io/v1/CustomResourceDefinition': {
    resource: 'customresourcedefinitions',
    namespaced: false,
  },
};

/** Maps kinds to resource names: a built-in table, then the API server's discovery document (cached). */
export class Discovery {
  private readonly known = new Map<string, ResourceInfo>(Object.entries(WELL_KNOWN));
  private readonly pending = new Map<string, Promise<void>>();

  constructor(
    private readonly transport: Transport,
    private readonly onRequest?: (verb: string, resource: string) => void,
  ) {}

  /** Teaches the table a kind, e.g. a CRD installed by the same process. */
  register(gvk: Gvk, info: ResourceInfo): void {
    this.known.set(gvkKey(gvk), info);
  }

  async resolve(gvk: Gvk): Promise<ResourceInfo> {
    const key = gvkKey(gvk);
    const hit = this.known.get(key);
    if (hit) return hit;
    await this.load(gvk.apiVersion);
    const found = this.known.get(key);
    if (!found) {
      // Ask again next time: the CRD may be installed later.
      this.pending.delete(gvk.apiVersion);
      throw new Error(`kind ${gvk.kind} is not served by the API server in ${gvk.apiVersion}`);
    }
    return found;
  }

  /** Forgets discovery answers (a CRD installed after the first lookup). */
  invalidate(): void {
    this.pending.clear();
  }

  private load(apiVersion: string): Promise<void> {
    let p = this.pending.get(apiVersion);
    if (!p) {
      p = this.fetch(apiVersion).catch((err) => {
        this.pending.delete(apiVersion);
        throw err;
      });
      this.pending.set(apiVersion, p);
    }
    return p;
  }

  private async fetch(apiVersion: string): Promise<void> {
    const path = apiVersionPath(apiVersion);
    this.onRequest?.('discovery', apiVersion);
    const res = await this.transport.request({ method: 'GET', path });
    if (res.status !== 200) throw errorFromStatus(res.status, res.body, `discovery of ${apiVersion}`);
    const list = res.body as { resources?: { name: string; kind: string; namespaced: boolean }[] };
    for (const r of list.resources ?? []) {
      if (r.name.includes('/')) continue; // subresources
      this.known.set(`${apiVersion}/${r.kind}`, { resource: r.name, namespaced: r.namespaced });
    }
  }
}

export function apiVersionPath(apiVersion: string): string {
  const { group, version } = splitApiVersion(apiVersion);
  return group ? `/apis/${group}/${version}` : `/api/${version}`;
}

export function resourcePath(
  apiVersion: string,
  info: ResourceInfo,
  namespace?: string,
  name?: string,
  subresource?: string,
): string {
  let path = apiVersionPath(apiVersion);
  if (info.namespaced && namespace) path += `/namespaces/${encodeURIComponent(namespace)}`;
  path += `/${info.resource}`;
  if (name) path += `/${encodeURIComponent(name)}`;
  if (subresource) path += `/${subresource}`;
  return path;
}
