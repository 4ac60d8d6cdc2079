import type { KubeObject } from './object';
import type { PrinterColumn } from './resource-type';

/** `kubectl`'s human duration: 5s, 3m20s, 4h, 2d3h, 45d, 3y… */
export function humanAge(from: string | undefined, now: Date): string {
  if (!from) return '<unknown>';
  const seconds = Math.max(0, Math.floor((now.getTime() - new Date(from).getTime()) / 1000));
  if (seconds < 120) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 10) return `${minutes}m${seconds % 60 ? `${seconds % 60}s` : ''}`;
  if (minutes < 180) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 8) return `${hours}h${minutes % 60 ? `${minutes % 60}m` : ''}`;
  if (hours < 48) return `${hours}h`;
  const days = Math.floor(hours / 24);
  if (days < 8) return `${days}d${hours % 24 ? `${hours % 24}h` : ''}`;
  if (days < 365 * 2) return `${days}d`;
  return `${Math.floor(days / 365)}y`;
}

export const NAME_COLUMN: PrinterColumn = {
  name: 'Name',
  type: 'string',
  format: 'name',
  description: 'Name must be unique within a namespace.',
  value: (o) => o.metadata.name,
};

export const AGE_COLUMN: PrinterColumn = {
  name: 'Age',
  type: 'string',
  description: 'CreationTimestamp is a timestamp representing the server time when this object was created.',
  value: (o, now) => humanAge(o.metadata.creationTimestamp, now),
};

type Any = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const s = (o: KubeObject): Any => (o.spec ?? {}) as Any;
const st = (o: KubeObject): Any => (o.status ?? {}) as Any;

function col(name: string, value: PrinterColumn['value'], type = 'string', priority = 0): PrinterColumn {
  return { name, type, value, priority, description: name };
}

/** Printer columns of built-in kinds (a subset of kubectl's server-side printers). */
export const BUILTIN_COLUMNS: Record<string, PrinterColumn[]> = {
  'core/pods': [
    NAME_COLUMN,
    col('Ready', (o) => {
      const cs = (st(o).containerStatuses ?? []) as Any[];
      const total = ((s(o).containers ?? []) as Any[]).length;
      return `${cs.filter((c) => c.ready).length}/${total}`;
    }),
    col('Status', (o) =>
      o.metadata.deletionTimestamp ? 'Terminating' : (st(o).reason ?? st(o).phase ?? ''),
    ),
    col(
      'Restarts',
      (o) => ((st(o).containerStatuses ?? []) as Any[]).reduce((n, c) => n + (c.restartCount ?? 0), 0),
      'string',
    ),
    AGE_COLUMN,
    col('IP', (o) => st(o).podIP ?? '<none>', 'string', 1),
    col('Node', (o) => s(o).nodeName ?? '<none>', 'string', 1),
  ],
  'core/namespaces': [NAME_COLUMN, col('Status', (o) => st(o).phase ?? ''), AGE_COLUMN],
  'core/configmaps': [
    NAME_COLUMN,
    col(
      'Data',
      (o) => Object.keys((o.data as Any) ?? {}).length + Object.keys((o.binaryData as Any) ?? {}).length,
      'integer',
    ),
    AGE_COLUMN,
  ],
  'core/secrets': [
    NAME_COLUMN,
    col('Type', (o) => (o.type as string) ?? ''),
    col('Data', (o) => Object.keys((o.data as Any) ?? {}).length, 'integer'),
    AGE_COLUMN,
  ],
  'core/serviceaccounts': [NAME_COLUMN, AGE_COLUMN],
  'core/services': [
    NAME_COLUMN,
    col('Type', (o) => s(o).type ?? ''),
    col('Cluster-IP', (o) => s(o).clusterIP ?? '<none>'),
    col(
      'External-IP',
      (o) => ((s(o).externalIPs ?? []) as string[]).join(',') || (s(o).externalName ?? '<none>'),
    ),
    col(
      'Port(s)',
      (o) =>
        ((s(o).ports ?? []) as Any[]).map((p) => `${p.port}/${p.protocol ?? 'TCP'}`).join(',') || '<none>',
    ),
    AGE_COLUMN,
  ],
  'core/endpoints': [
    NAME_COLUMN,
    col('Endpoints', (o) => {
      const out: string[] = [];
      for (const sub of (o.subsets as Any[]) ?? [])
        for (const a of (sub.addresses ?? []) as Any[])
          for (const p of (sub.ports ?? []) as Any[]) out.push(`${a.ip}:${p.port}`);
      return out.join(',') || '<none>';
    }),
    AGE_COLUMN,
  ],
  'core/nodes': [
    NAME_COLUMN,
    col('Status', (o) => {
      const ready = ((st(o).conditions ?? []) as Any[]).find((c) => c.type === 'Ready');
      return ready?.status === 'True' ? 'Ready' : 'NotReady';
    }),
    col('Roles', () => '<none>'),
    AGE_COLUMN,
    col('Version', (o) => st(o).nodeInfo?.kubeletVersion ?? ''),
  ],
  'core/events': [
    col('Last Seen', (o, now) =>
      humanAge((o.lastTimestamp as string) ?? (o.eventTime as string) ?? o.metadata.creationTimestamp, now),
    ),
    col('Type', (o) => (o.type as string) ?? ''),
    col('Reason', (o) => (o.reason as string) ?? ''),
    col(
      'Object',
      (o) =>
        `${((o.involvedObject as Any)?.kind ?? '').toLowerCase()}/${(o.involvedObject as Any)?.name ?? ''}`,
    ),
    col('Message', (o) => (o.message as string) ?? ''),
  ],
  'apps/deployments': [
    NAME_COLUMN,
    col('Ready', (o) => `${st(o).readyReplicas ?? 0}/${s(o).replicas ?? 0}`),
    col('Up-to-date', (o) => st(o).updatedReplicas ?? 0, 'integer'),
    col('Available', (o) => st(o).availableReplicas ?? 0, 'integer'),
    AGE_COLUMN,
  ],
  'apps/replicasets': [
    NAME_COLUMN,
    col('Desired', (o) => s(o).replicas ?? 0, 'integer'),
    col('Current', (o) => st(o).replicas ?? 0, 'integer'),
    col('Ready', (o) => st(o).readyReplicas ?? 0, 'integer'),
    AGE_COLUMN,
  ],
  'coordination.k8s.io/leases': [NAME_COLUMN, col('Holder', (o) => s(o).holderIdentity ?? ''), AGE_COLUMN],
  'apiextensions.k8s.io/customresourcedefinitions': [
    NAME_COLUMN,
    col('Created At', (o) => o.metadata.creationTimestamp ?? '', 'date'),
  ],
};

/** Evaluates the JSONPath subset CRD printer columns use: `.a.b`, `.a[0].b`, `.a[?(@.type=="Ready")].status`. */
export function evaluateJsonPath(obj: unknown, path: string): unknown {
  const tokens = path.replace(/^\{|\}$/g, '').match(/\.[^.[]+|\[[^\]]*\]/g) ?? [];
  let current: unknown[] = [obj];
  for (const token of tokens) {
    const next: unknown[] = [];
    for (const cur of current) {
      if (cur === null || cur === undefined) continue;
      if (token.startsWith('.')) {
        const key = token.slice(1);
        if (typeof cur === 'object' && !Array.isArray(cur)) next.push((cur as Any)[key]);
      } else {
        const inner = token.slice(1, -1);
        if (!Array.isArray(cur)) continue;
        const filter = /^\?\(@\.([\w.]+)\s*==\s*["']?([^"')]*)["']?\)$/.exec(inner);
        if (filter) {
          for (const item of cur)
            if (String(evaluateJsonPath(item, `.${filter[1]}`)) === filter[2]) next.push(item);
        } else if (inner === '*') next.push(...cur);
        else next.push(cur[Number(inner)]);
      }
    }
    current = next.filter((x) => x !== undefined);
  }
  if (current.length === 0) return undefined;
  return current.length === 1 ? current[0] : current.join(',');
}
