import type { Api, PatchType } from './api';
import { ApiError, badRequest, conflict } from './errors';
import { deepCopy, isPlainObject, type KubeObject } from './object';
import { jsonPatch, mergePatch } from './patch';
import type { ResourceType } from './resource-type';
import { requirementsFromLabelSelector } from './selectors';

function read(obj: unknown, dotted: string): unknown {
  let cur = obj;
  for (const part of dotted.split('.')) {
    if (!isPlainObject(cur)) return undefined;
    cur = cur[part];
  }
  return cur;
}

function write(obj: Record<string, unknown>, dotted: string, value: unknown): void {
  const parts = dotted.split('.');
  let cur = obj;
  for (const part of parts.slice(0, -1)) {
    if (!isPlainObject(cur[part])) cur[part] = {};
    cur = cur[part] as Record<string, unknown>;
  }
  cur[parts[parts.length - 1]] = value;
}

/** A label selector object as the string form Scale.status.selector carries. */
function selectorString(selector: unknown): string | undefined {
  if (!isPlainObject(selector)) return undefined;
  return requirementsFromLabelSelector(selector as Parameters<typeof requirementsFromLabelSelector>[0])
    .map((r) => {
      if (r.op === '=') return `${r.key}=${r.values[0]}`;
      if (r.op === 'exists') return r.key;
      if (r.op === '!exists') return `!${r.key}`;
      if (r.op === '!=') return `${r.key}!=${r.values[0]}`;
      return `${r.key} ${r.op} (${r.values.join(',')})`;
    })
    .join(',');
}

/** The autoscaling/v1 Scale of an object with a scale subresource. */
export function scaleOf(type: ResourceType, obj: KubeObject): KubeObject {
  const scale = type.scale!;
  const selector = scale.labelSelectorPath
    ? read(obj, scale.labelSelectorPath)
    : selectorString(read(obj, 'spec.selector'));
  const status: Record<string, unknown> = { replicas: read(obj, scale.statusReplicasPath) ?? 0 };
  if (selector) status.selector = selector;
  const { name, namespace, uid, resourceVersion, creationTimestamp } = obj.metadata;
  return {
    kind: 'Scale',
    apiVersion: 'autoscaling/v1',
    metadata: { name, namespace, uid, resourceVersion, creationTimestamp },
    spec: { replicas: read(obj, scale.specReplicasPath) ?? 0 },
    status,
  };
}

export function getScale(api: Api, type: ResourceType, namespace: string, name: string): KubeObject {
  return scaleOf(type, api.get(type, namespace, name));
}

/** PUT or PATCH of the scale subresource: only spec.replicas reaches the object (resourceVersion is a precondition). */
export function updateScale(
  api: Api,
  type: ResourceType,
  namespace: string,
  name: string,
  body: unknown,
  patchType?: PatchType,
): KubeObject {
  const current = api.get(type, namespace, name);
  const scale = scaleOf(type, current);
  let wanted: unknown = body;
  if (patchType === 'json') wanted = jsonPatch(scale, body);
  else if (patchType) wanted = mergePatch(scale, body);
  if (!isPlainObject(wanted)) throw badRequest('the Scale body must be an object');
  const replicas = read(wanted, 'spec.replicas');
  if (!Number.isInteger(replicas) || (replicas as number) < 0) {
    throw new ApiError(
      422,
      'Invalid',
      `Scale.autoscaling "${name}" is invalid: spec.replicas: Invalid value: ${JSON.stringify(replicas)}: must be greater than or equal to 0`,
      {
        name,
        group: 'autoscaling',
        kind: 'Scale',
        causes: [
          {
            reason: 'FieldValueInvalid',
            message: 'must be greater than or equal to 0',
            field: 'spec.replicas',
          },
        ],
      },
    );
  }
  const rv = read(wanted, 'metadata.resourceVersion');
  if (rv && rv !== current.metadata.resourceVersion) {
    throw conflict(
      type.group,
      type.plural,
      name,
      'the object has been modified; please apply your changes to the latest version and try again',
    );
  }
  const next = deepCopy(current) as KubeObject & Record<string, unknown>;
  write(next, type.scale!.specReplicasPath, replicas);
  return scaleOf(type, api.update(type, namespace, name, next));
}
