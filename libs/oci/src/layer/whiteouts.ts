import path from 'node:path/posix';

/** Prefix of a whiteout file: `.wh.<name>` deletes `<name>` from the layers below (image-spec layer.md). */
export const WHITEOUT_PREFIX = '.wh.';
/** An opaque whiteout: the directory holding it hides every entry of the layers below. */
export const OPAQUE_WHITEOUT = '.wh..wh..opq';

/** The whiteout entry that deletes `deletedPath` (already normalized). */
export function whiteoutPathFor(deletedPath: string): string {
  const dir = path.dirname(deletedPath);
  const name = `${WHITEOUT_PREFIX}${path.basename(deletedPath)}`;
  return dir === '.' ? name : `${dir}/${name}`;
}

export function opaqueWhiteoutPathFor(directory: string): string {
  return `${directory}/${OPAQUE_WHITEOUT}`;
}

export type WhiteoutKind =
  { kind: 'none' } | { kind: 'opaque'; directory: string } | { kind: 'whiteout'; target: string };

/** What a (normalized) tar entry path means: a regular entry, an opaque marker or a whiteout of a sibling. */
export function classifyWhiteout(entryPath: string): WhiteoutKind {
  const base = path.basename(entryPath);
  if (!base.startsWith(WHITEOUT_PREFIX)) return { kind: 'none' };
  const dir = path.dirname(entryPath);
  if (base === OPAQUE_WHITEOUT) return { kind: 'opaque', directory: dir === '.' ? '' : dir };
  const name = base.slice(WHITEOUT_PREFIX.length);
  if (name === '' || name === '.' || name === '..' || name.startsWith(WHITEOUT_PREFIX)) {
    throw new Error(`whiteout entry "${entryPath}" does not name a sibling`);
  }
  return { kind: 'whiteout', target: dir === '.' ? name : `${dir}/${name}` };
}
