/**
 * Normalizes a path inside an image to its tar form: no leading `/` or `./`, no empty or `.` components, no
 * trailing slash. Refuses `..` components and empty paths, naming the path.
 */
export function normalizeLayerPath(input: string): string {
  const parts: string[] = [];
  for (const part of input.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') throw new Error(`layer path "${input}" must not contain ".."`);
    parts.push(part);
  }
  if (parts.length === 0) throw new Error(`layer path "${input}" names the root, not an entry`);
  if (parts.some((p) => p.includes('\0'))) throw new Error(`layer path "${input}" contains a NUL byte`);
  return parts.join('/');
}

export function parentPaths(normalized: string): string[] {
  const parts = normalized.split('/');
  const parents: string[] = [];
  for (let i = 1; i < parts.length; i++) parents.push(parts.slice(0, i).join('/'));
  return parents;
}

/** Byte-wise order of UTF-8 paths, independent of locale, so every machine sorts entries the same way. */
export function compareLayerPaths(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}
