import { ApiError } from './errors';
import { deepCopy, isPlainObject } from './object';

type Json = unknown;

/** RFC 7386 JSON merge patch: objects merge, null deletes, anything else replaces. */
export function mergePatch(target: Json, patch: Json): Json {
  if (!isPlainObject(patch)) return deepCopy(patch);
  const result: Record<string, unknown> = isPlainObject(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete result[k];
    else result[k] = mergePatch(result[k], v);
  }
  return result;
}

function patchError(message: string): ApiError {
  return new ApiError(422, 'Invalid', message);
}

function parsePointer(pointer: string): string[] {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) throw patchError(`invalid JSON pointer "${pointer}"`);
  return pointer
    .slice(1)
    .split('/')
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function resolveParent(
  doc: Json,
  parts: string[],
  pointer: string,
): { parent: Record<string, unknown> | unknown[]; key: string } {
  let cur: unknown = doc;
  for (const p of parts.slice(0, -1)) {
    if (Array.isArray(cur)) cur = cur[Number(p)];
    else if (isPlainObject(cur)) cur = cur[p];
    else cur = undefined;
    if (cur === undefined) throw patchError(`jsonpatch: path "${pointer}" does not exist`);
  }
  if (!Array.isArray(cur) && !isPlainObject(cur))
    throw patchError(`jsonpatch: path "${pointer}" does not exist`);
  return { parent: cur, key: parts[parts.length - 1] };
}

function getAt(doc: Json, pointer: string): Json {
  let cur: unknown = doc;
  for (const p of parsePointer(pointer)) {
    if (Array.isArray(cur)) cur = cur[Number(p)];
    else if (isPlainObject(cur)) cur = Object.prototype.hasOwnProperty.call(cur, p) ? cur[p] : undefined;
    else cur = undefined;
    if (cur === undefined) throw patchError(`jsonpatch: path "${pointer}" does not exist`);
  }
  return cur;
}

function arrayIndex(arr: unknown[], key: string, forAdd: boolean, pointer: string): number {
  if (forAdd && key === '-') return arr.length;
  const i = Number(key);
  if (!/^\d+$/.test(key) || i > arr.length || (!forAdd && i === arr.length)) {
    throw patchError(`jsonpatch: index out of range in "${pointer}"`);
  }
  return i;
}

function addAt(doc: Json, pointer: string, value: Json): Json {
  const parts = parsePointer(pointer);
  if (parts.length === 0) return deepCopy(value);
  const { parent, key } = resolveParent(doc, parts, pointer);
  if (Array.isArray(parent)) parent.splice(arrayIndex(parent, key, true, pointer), 0, deepCopy(value));
  else parent[key] = deepCopy(value);
  return doc;
}

function removeAt(doc: Json, pointer: string): Json {
  const parts = parsePointer(pointer);
  const { parent, key } = resolveParent(doc, parts, pointer);
  if (Array.isArray(parent)) parent.splice(arrayIndex(parent, key, false, pointer), 1);
  else {
    if (!Object.prototype.hasOwnProperty.call(parent, key))
      throw patchError(`jsonpatch: path "${pointer}" does not exist`);
    delete parent[key];
  }
  return doc;
}

/** RFC 6902 JSON patch. */
export function jsonPatch(target: Json, operations: unknown): Json {
  if (!Array.isArray(operations))
    throw new ApiError(400, 'BadRequest', 'json patch must be an array of operations');
  let doc = deepCopy(target);
  for (const op of operations as { op: string; path: string; from?: string; value?: Json }[]) {
    if (typeof op?.path !== 'string') throw patchError('jsonpatch: operation is missing "path"');
    switch (op.op) {
      case 'add':
        doc = addAt(doc, op.path, op.value);
        break;
      case 'remove':
        doc = removeAt(doc, op.path);
        break;
      case 'replace':
        getAt(doc, op.path);
        doc = addAt(removeAt(doc, op.path), op.path, op.value);
        break;
      case 'move': {
        const value = getAt(doc, op.from ?? '');
        doc = addAt(removeAt(doc, op.from ?? ''), op.path, value);
        break;
      }
      case 'copy':
        doc = addAt(doc, op.path, getAt(doc, op.from ?? ''));
        break;
      case 'test':
        if (JSON.stringify(getAt(doc, op.path)) !== JSON.stringify(op.value)) {
          throw patchError(`jsonpatch: test operation for path "${op.path}" failed`);
        }
        break;
      default:
        throw patchError(`jsonpatch: unknown operation "${op.op}"`);
    }
  }
  return doc;
}

/**
 * The merge key of a list in core/apps kinds (the `patchMergeKey` tags of k8s.io/api), by the field names on
 * the way to it. `'primitive'` marks lists of scalars merged as sets; undefined means the list is replaced.
 */
export function strategicMergeKey(path: string[]): string | 'primitive' | undefined {
  const last = path[path.length - 1];
  const parent = path[path.length - 2];
  switch (last) {
    case 'containers':
    case 'initContainers':
    case 'ephemeralContainers':
    case 'volumes':
    case 'env':
    case 'imagePullSecrets':
      return 'name';
    case 'ports':
      return parent === 'containers' || parent === 'initContainers' || parent === 'ephemeralContainers'
        ? 'containerPort'
        : 'port';
    case 'volumeMounts':
      return 'mountPath';
    case 'volumeDevices':
      return 'devicePath';
    case 'conditions':
      return 'type';
    case 'ownerReferences':
      return 'uid';
    case 'hostAliases':
      return 'ip';
    case 'topologySpreadConstraints':
      return 'topologyKey';
    case 'finalizers':
      return parent === 'metadata' ? 'primitive' : undefined;
    default:
      return undefined;
  }
}

const DIRECTIVE_PREFIXES = ['$setElementOrder/', '$deleteFromPrimitiveList/', '$retainKeys'];

/** Strategic merge patch (the subset kubectl uses on core kinds): lists with merge keys merge by key. */
export function strategicMergePatch(target: Json, patch: Json, path: string[] = []): Json {
  if (!isPlainObject(patch)) return deepCopy(patch);
  if (patch.$patch === 'replace') {
    const copy = { ...patch };
    delete copy.$patch;
    return deepCopy(copy);
  }
  if (patch.$patch === 'delete') return undefined;
  const result: Record<string, unknown> = isPlainObject(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (k === '$patch') continue;
    if (k.startsWith('$deleteFromPrimitiveList/')) {
      const field = k.slice('$deleteFromPrimitiveList/'.length);
      const drop = new Set((v as unknown[]).map((x) => JSON.stringify(x)));
      if (Array.isArray(result[field]))
        result[field] = (result[field] as unknown[]).filter((x) => !drop.has(JSON.stringify(x)));
      continue;
    }
    if (DIRECTIVE_PREFIXES.some((p) => k.startsWith(p))) continue;
    if (v === null) {
      delete result[k];
      continue;
    }
    const childPath = [...path, k];
    if (Array.isArray(v)) {
      const key = strategicMergeKey(childPath);
      const current = Array.isArray(result[k]) ? (result[k] as unknown[]) : [];
      if (key === 'primitive') {
        const merged = [...current];
        for (const item of v)
          if (!merged.some((m) => JSON.stringify(m) === JSON.stringify(item))) merged.push(item);
        result[k] = merged;
      } else if (key) result[k] = mergeListByKey(current, v, key, childPath);
      else result[k] = deepCopy(v.filter((x) => !(isPlainObject(x) && x.$patch)));
      continue;
    }
    const merged = strategicMergePatch(result[k], v, childPath);
    if (merged === undefined) delete result[k];
    else result[k] = merged;
  }
  return result;
}

function mergeListByKey(current: unknown[], patch: unknown[], key: string, path: string[]): unknown[] {
  if (patch.some((p) => isPlainObject(p) && p.$patch === 'replace' && Object.keys(p).length === 1)) {
    return deepCopy(patch.filter((p) => !(isPlainObject(p) && p.$patch)));
  }
  const result = current.map((x) => deepCopy(x));
  for (const item of patch) {
    if (!isPlainObject(item)) {
      result.push(deepCopy(item));
      continue;
    }
    const index = result.findIndex((x) => isPlainObject(x) && x[key] === item[key]);
    if (item.$patch === 'delete') {
      if (index >= 0) result.splice(index, 1);
      continue;
    }
    if (index >= 0) result[index] = strategicMergePatch(result[index], item, path);
    else result.push(strategicMergePatch({}, item, path));
  }
  return result;
}
