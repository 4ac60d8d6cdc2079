/** One RFC 6902 operation. */
export type JsonPatchOperation =
  { op: 'add' | 'replace'; path: string; value: unknown } | { op: 'remove'; path: string };

const pointer = (path: string[]) =>
  path.map((p) => '/' + p.replace(/~/g, '~0').replace(/\//g, '~1')).join('');
const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The JSON patch taking `from` to `to`: objects are diffed key by key (add/remove/replace), arrays and scalars
 * that differ are replaced whole (simple and always correct for admission responses).
 */
export function diffJson(from: unknown, to: unknown, path: string[] = []): JsonPatchOperation[] {
  if (isObject(from) && isObject(to)) {
    const ops: JsonPatchOperation[] = [];
    for (const key of Object.keys(from)) {
      if (!(key in to) || to[key] === undefined) {
        if (from[key] !== undefined) ops.push({ op: 'remove', path: pointer([...path, key]) });
      }
    }
    for (const [key, value] of Object.entries(to)) {
      if (value === undefined) continue;
      if (!(key in from) || from[key] === undefined)
        ops.push({ op: 'add', path: pointer([...path, key]), value });
      else ops.push(...diffJson(from[key], value, [...path, key]));
    }
    return ops;
  }
  if (JSON.stringify(from) === JSON.stringify(to)) return [];
  return [{ op: 'replace', path: pointer(path), value: to }];
}
