import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import * as tar from 'tar-stream';
import type { Descriptor } from '../descriptor';
import { DigestingStream } from '../digest';
import { MediaType } from '../media-types';
import { GzipHeaderNormalizer } from './gzip-header';
import {
  DEFAULT_DIRECTORY_MODE,
  DEFAULT_FILE_MODE,
  DEFAULT_SYMLINK_MODE,
  type LayerEntry,
} from './layer-entry';
import { compareLayerPaths, normalizeLayerPath, parentPaths } from './layer-path';
import { opaqueWhiteoutPathFor, whiteoutPathFor } from './whiteouts';

/** The default mtime of every entry: the Unix epoch, so builds are reproducible (like SOURCE_DATE_EPOCH=0). */
export const DEFAULT_LAYER_MTIME = new Date(0);

export interface BuildLayerOptions {
  /** mtime of entries that set none. Default: the epoch. */
  mtime?: Date;
  /** Owner of entries that set none. Default 0:0. */
  uid?: number;
  gid?: number;
  /** Paths deleted from the layers below: written as `.wh.<name>` entries. */
  deleted?: string[];
  /** Directories whose lower-layer content is hidden: written as `.wh..wh..opq` entries. */
  opaqueDirectories?: string[];
  /** Add missing parent directories (mode 0755, default owner). Default true. */
  addParentDirectories?: boolean;
  /** gzip level 0–9. Default 6 (zlib's default). */
  compressionLevel?: number;
  /** Keep the caller's entry order instead of sorting by path (entries still must be unique). */
  preserveOrder?: boolean;
}

export interface BuiltLayer {
  /** Descriptor of the compressed blob. */
  descriptor: Descriptor;
  /** sha256 of the uncompressed tar (`rootfs.diff_ids`). */
  diffId: string;
  uncompressedSize: number;
}

export type TarHeader = Partial<tar.Header> & { name: string };

export type PlannedEntry = { header: TarHeader; entry?: LayerEntry };

/**
 * Writes a tar+gzip layer of `entries` into `out`, streaming: file contents are opened one at a time and never
 * held whole in memory. The compressed digest and the diff_id are computed in the same pass.
 */
export async function buildLayer(
  entries: Iterable<LayerEntry>,
  out: Writable,
  options: BuildLayerOptions = {},
): Promise<BuiltLayer> {
  const plan = planLayer(entries, options);
  const pack = tar.pack();
  const diff = new DigestingStream();
  const compressed = new DigestingStream();
  const written = pipeline(
    pack,
    diff,
    createGzip({ level: options.compressionLevel ?? 6 }),
    new GzipHeaderNormalizer(),
    compressed,
    out,
  );
  written.catch(() => undefined); // awaited below; keeps an early failure from going unhandled
  try {
    for (const planned of plan) await writeEntry(pack, planned);
    pack.finalize();
  } catch (err) {
    pack.destroy(err as Error);
    await written.catch(() => undefined);
    throw err;
  }
  await written;
  return {
    descriptor: { mediaType: MediaType.ociLayerGzip, digest: compressed.digest, size: compressed.size },
    diffId: diff.digest,
    uncompressedSize: diff.size,
  };
}

/** Turns the input into the exact, ordered list of tar headers (pure; tested directly). */
export function planLayer(entries: Iterable<LayerEntry>, options: BuildLayerOptions = {}): PlannedEntry[] {
  const mtime = options.mtime ?? DEFAULT_LAYER_MTIME;
  const uid = options.uid ?? 0;
  const gid = options.gid ?? 0;
  const byPath = new Map<string, PlannedEntry>();
  const add = (name: string, planned: PlannedEntry, origin: string): void => {
    if (byPath.has(name)) throw new Error(`layer entry "${origin}" appears twice (as "${name}")`);
    byPath.set(name, planned);
  };
  const base = (name: string, e: { mode?: number; uid?: number; gid?: number; mtime?: Date }, mode: number) => ({
    name,
    mode: (e.mode ?? mode) & 0o7777,
    uid: e.uid ?? uid,
    gid: e.gid ?? gid,
    uname: '',
    gname: '',
    mtime: e.mtime ?? mtime,
  });

  for (const entry of entries) {
    const name = normalizeLayerPath(entry.path);
    switch (entry.type) {
      case 'directory':
        add(name, { header: { ...base(`${name}/`, entry, DEFAULT_DIRECTORY_MODE), type: 'directory' } }, entry.path);
        break;
      case 'file': {
        const size =
          typeof entry.content === 'function'
            ? entry.size
            : Buffer.isBuffer(entry.content)
              ? entry.content.length
              : Buffer.byteLength(entry.content, 'utf8');
        if (size === undefined) throw new Error(`layer entry "${entry.path}": a streamed file needs its size`);
        add(name, { header: { ...base(name, entry, DEFAULT_FILE_MODE), type: 'file', size }, entry }, entry.path);
        break;
      }
      case 'symlink':
        if (entry.target === '') throw new Error(`layer entry "${entry.path}": symlink target is empty`);
        add(
          name,
          { header: { ...base(name, entry, DEFAULT_SYMLINK_MODE), type: 'symlink', linkname: entry.target } },
          entry.path,
        );
        break;
      case 'hardlink':
        add(
          name,
          {
            header: {
              ...base(name, entry, DEFAULT_FILE_MODE),
              type: 'link',
              linkname: normalizeLayerPath(entry.target),
            },
          },
          entry.path,
        );
        break;
      default:
        throw new Error(`layer entry "${(entry as LayerEntry).path}": unknown type`);
    }
  }
  for (const deleted of options.deleted ?? []) {
    const name = whiteoutPathFor(normalizeLayerPath(deleted));
    add(name, { header: { ...base(name, {}, 0o644), type: 'file', size: 0 } }, deleted);
  }
  for (const dir of options.opaqueDirectories ?? []) {
    const name = opaqueWhiteoutPathFor(normalizeLayerPath(dir));
    add(name, { header: { ...base(name, {}, 0o644), type: 'file', size: 0 } }, dir);
  }
  if (options.addParentDirectories ?? true) {
    for (const name of [...byPath.keys()]) {
      for (const parent of parentPaths(name)) {
        const existing = byPath.get(parent);
        if (existing && existing.header.type !== 'directory') {
          throw new Error(`layer entry "${name}" is inside "${parent}", which is not a directory`);
        }
        if (!existing) {
          byPath.set(parent, { header: { ...base(`${parent}/`, {}, DEFAULT_DIRECTORY_MODE), type: 'directory' } });
        }
      }
    }
  }
  const names = [...byPath.keys()];
  if (!options.preserveOrder) names.sort(compareLayerPaths);
  checkHardlinkTargets(names, byPath);
  return names.map((n) => byPath.get(n)!);
}

function checkHardlinkTargets(names: string[], byPath: Map<string, PlannedEntry>): void {
  const seen = new Set<string>();
  for (const name of names) {
    const { header } = byPath.get(name)!;
    if (header.type === 'link') {
      const target = header.linkname!;
      const targetEntry = byPath.get(target);
      if (!targetEntry || targetEntry.header.type !== 'file' || !seen.has(target)) {
        throw new Error(`hard link "${name}" must point to a regular file written before it, not "${target}"`);
      }
    }
    seen.add(name);
  }
}

async function writeEntry(pack: tar.Pack, planned: PlannedEntry): Promise<void> {
  const { header, entry } = planned;
  if (entry?.type === 'file' && typeof entry.content === 'function') {
    const source = entry.content();
    await new Promise<void>((resolve, reject) => {
      const sink = pack.entry(header, (err) =>
        err ? reject(new Error(`layer entry "${entry.path}": ${err.message}`)) : resolve(),
      );
      pipeline(source, sink).catch((err: Error) => reject(new Error(`layer entry "${entry.path}": ${err.message}`)));
    });
    return;
  }
  // A file entry without content (a whiteout) still needs its (empty) body, or the pack waits for one.
  const content =
    entry?.type === 'file' ? (entry.content as Buffer | string) : header.type === 'file' ? Buffer.alloc(0) : undefined;
  await new Promise<void>((resolve, reject) => {
    const cb = (err?: Error | null) => (err ? reject(err) : resolve());
    if (content !== undefined) pack.entry(header, content, cb);
    else pack.entry(header, cb);
  });
}

/** Builds a layer into memory; for tests and small layers only. */
export async function buildLayerToBuffer(
  entries: Iterable<LayerEntry>,
  options?: BuildLayerOptions,
): Promise<BuiltLayer & { bytes: Buffer }> {
  const chunks: Buffer[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, cb) {
      chunks.push(chunk);
      cb();
    },
  });
  const built = await buildLayer(entries, sink, options);
  return { ...built, bytes: Buffer.concat(chunks) };
}
