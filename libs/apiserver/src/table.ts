import type { KubeObject } from './object';
import { evaluateJsonPath } from './printers';
import type { ResourceType } from './resource-type';

export type IncludeObject = 'None' | 'Metadata' | 'Object';

function cellOf(type: ResourceType, index: number, obj: KubeObject, now: Date): unknown {
  const column = type.printerColumns[index];
  if (column.value) return column.value(obj, now);
  const v = column.jsonPath ? evaluateJsonPath(obj, column.jsonPath) : undefined;
  if (v === undefined || v === null) return null;
  if (column.type === 'date' && typeof v === 'string') return v;
  if (typeof v === 'object') return JSON.stringify(v);
  return v;
}

function rowOf(
  type: ResourceType,
  obj: KubeObject,
  include: IncludeObject,
  now: Date,
): Record<string, unknown> {
  const cells = type.printerColumns.map((_, i) => cellOf(type, i, obj, now));
  const row: Record<string, unknown> = { cells };
  if (include === 'Object') row.object = obj;
  else if (include === 'Metadata') {
    row.object = { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: obj.metadata };
  }
  return row;
}

/** The meta.k8s.io/v1 Table kubectl asks for with `Accept: application/json;as=Table;g=meta.k8s.io;v=v1`. */
export function toTable(
  type: ResourceType,
  objects: KubeObject[],
  listMeta: Record<string, unknown>,
  include: IncludeObject = 'Metadata',
  now = new Date(),
): Record<string, unknown> {
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata: listMeta,
    columnDefinitions: type.printerColumns.map((c) => ({
      name: c.name,
      type: c.type,
      format: c.format ?? '',
      description: c.description ?? '',
      priority: c.priority ?? 0,
    })),
    rows: objects.map((o) => rowOf(type, o, include, now)),
  };
}

/** Parses an Accept header; true when the client asks for a Table. */
export function wantsTable(accept: string | undefined): boolean {
  if (!accept) return false;
  return accept.split(',').some((part) => {
    const params = part.split(';').map((p) => p.trim());
    return (
      params.includes('as=Table') &&
      params.includes('g=meta.k8s.io') &&
      (params.includes('v=v1') || params.includes('v=v1beta1'))
    );
  });
}
