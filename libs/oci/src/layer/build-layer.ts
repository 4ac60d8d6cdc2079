import { createReadStream, readFileSync } from 'node:fs';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import type { Descriptor } from '../descriptor';
import { DigestingStream } from '../digest';
import { MediaType } from '../media-types';
import { ChunkCoalescer } from './chunk-coalescer';
import { GzipHeaderNormalizer } from './gzip-header';
import {
  DEFAULT_DIRECTORY_MODE,
  DEFAULT_FILE_MODE,
  DEFAULT_SYMLINK_MODE,
  type FileEntry,
  type LayerEntry,
} from './layer-entry';
import { compareLayerPaths, normalizeLayerPath, parentPaths } from './layer-path';
import { encodeTarHeader, END_OF_ARCHIVE, tarPadding, type TarHeader } from './tar-header';
import { opaqueWhiteoutPathFor, whiteoutPathFor } from './whiteouts';

/** The default mtime of every entry: the Unix epoch, so builds are reproducible (like SOURCE_DATE_EPOCH=0). */
export const DEFAULT_LAYER_MTIME = new Date(0);

/** Input and output block size of gzip: each block is one thread-pool round trip, so fewer is faster. */
const GZIP_BLOCK = 256 * 1024;

/** Host files up to this size are read whole (one read instead of a stream); larger ones are streamed. */
const READ_WHOLE_LIMIT = 256 * 1024;

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

export interface PlannedEntry {
  header: TarHeader;
  /** The input entry when it has content to write. */
  entry?: FileEntry;
}

/**
 * Writes a tar+gzip layer of `entries` into `out`, streaming: file contents are read one at a time (large
 * ones in chunks) and never all held in memory. The compressed digest and the diff_id come from the same pass.
 */
export async function buildLayer(
  entries: Iterable<LayerEntry>,
  out: Writable,
  options: BuildLayerOptions = {},
): Promise<BuiltLayer> {
  const plan = planLayer(entries, options);
  const diff = new DigestingStream();
  const compressed = new DigestingStream();
  await pipeline(
    Readable.from(tarBlocks(plan), { objectMode: false }),
    diff,
    new ChunkCoalescer(GZIP_BLOCK),
    createGzip({ level: options.compressionLevel ?? 6, chunkSize: GZIP_BLOCK }),
    new GzipHeaderNormalizer(),
    compressed,
    out,
  );
  return {
    descriptor: { mediaType: MediaType.ociLayerGzip, digest: compressed.digest, size: compressed.size },
    diffId: diff.digest,
    uncompressedSize: diff.size,
  };
}

/** The tar archive of a plan, block by block (a small entry as one chunk: header, content and padding). */
async function* tarBlocks(plan: PlannedEntry[]): AsyncGenerator<Buffer> {
  for (const { header, entry } of plan) {
    const headerBlocks = encodeTarHeader(header);
    if (header.type !== 'file' || !entry) {
      yield headerBlocks;
      continue;
    }
    const whole = wholeContent(entry, header.size);
    if (whole) {
      if (whole.length !== header.size) throw sizeError(entry, whole.length > header.size, header.size);
      yield Buffer.concat([headerBlocks, whole, tarPadding(header.size)]);
      continue;
    }
    yield headerBlocks;
    let written = 0;
    for await (const chunk of streamedContent(entry)) {
      written += chunk.length;
      if (written > header.size) throw sizeError(entry, true, header.size);
      yield chunk;
    }
    if (written !== header.size) throw sizeError(entry, false, header.size);
    yield tarPadding(header.size);
  }
  yield END_OF_ARCHIVE;
}

function sizeError(entry: FileEntry, longer: boolean, size: number): Error {
  return new Error(
    `layer entry "${entry.path}": content is ${longer ? 'longer' : 'shorter'} than its size ${size}`,
  );
}

/**
 * The content when it is in memory or a small host file. A small file is read synchronously: four thread-pool
 * round trips per file would dominate a layer of many small files; one short read blocks for microseconds.
 */
function wholeContent(entry: FileEntry, size: number): Buffer | undefined {
  const { content } = entry;
  if (typeof content === 'string') return Buffer.from(content, 'utf8');
  if (Buffer.isBuffer(content)) return content;
  if (typeof content === 'object' && size <= READ_WHOLE_LIMIT) return readFileSync(content.hostPath);
  return undefined;
}

function streamedContent(entry: FileEntry): AsyncIterable<Buffer> {
  const { content } = entry;
  if (typeof content === 'function') return content() as AsyncIterable<Buffer>;
  return createReadStream((content as { hostPath: string }).hostPath) as AsyncIterable<Buffer>;
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
  const header = (
    name: string,
    type: TarHeader['type'],
    e: { mode?: number; uid?: number; gid?: number; mtime?: Date },
    defaultMode: number,
    size = 0,
    linkname?: string,
  ): TarHeader => ({
    name,
    type,
    mode: (e.mode ?? defaultMode) & 0o7777,
    uid: e.uid ?? uid,
    gid: e.gid ?? gid,
    mtime: e.mtime ?? mtime,
    size,
    ...(linkname !== undefined ? { linkname } : {}),
  });

  for (const entry of entries) {
    const name = normalizeLayerPath(entry.path);
    switch (entry.type) {
      case 'directory':
        add(name, { header: header(`${name}/`, 'directory', entry, DEFAULT_DIRECTORY_MODE) }, entry.path);
        break;
      case 'file': {
        const size = fileSize(entry);
        add(name, { header: header(name, 'file', entry, DEFAULT_FILE_MODE, size), entry }, entry.path);
        break;
      }
      case 'symlink':
        if (entry.target === '') throw new Error(`layer entry "${entry.path}": symlink target is empty`);
        add(
          name,
          { header: header(name, 'symlink', entry, DEFAULT_SYMLINK_MODE, 0, entry.target) },
          entry.path,
        );
        break;
      case 'hardlink':
        add(
          name,
          { header: header(name, 'link', entry, DEFAULT_FILE_MODE, 0, normalizeLayerPath(entry.target)) },
          entry.path,
        );
        break;
      default:
        throw new Error(`layer entry "${(entry as LayerEntry).path}": unknown type`);
    }
  }
  for (const deleted of options.deleted ?? []) {
    const name = whiteoutPathFor(normalizeLayerPath(deleted));
    add(name, { header: header(name, 'file', {}, 0o644) }, deleted);
  }
  for (const dir of options.opaqueDirectories ?? []) {
    const name = opaqueWhiteoutPathFor(normalizeLayerPath(dir));
    add(name, { header: header(name, 'file', {}, 0o644) }, dir);
  }
  if (options.addParentDirectories ?? true) {
    for (const name of [...byPath.keys()]) {
      for (const parent of parentPaths(name)) {
        const existing = byPath.get(parent);
        if (existing && existing.header.type !== 'directory') {
          throw new Error(`layer entry "${name}" is inside "${parent}", which is not a directory`);
        }
        if (!existing)
          byPath.set(parent, { header: header(`${parent}/`, 'directory', {}, DEFAULT_DIRECTORY_MODE) });
      }
    }
  }
  const names = options.preserveOrder
    ? withParentsFirst([...byPath.keys()])
    : [...byPath.keys()].sort(compareLayerPaths);
  checkHardlinkTargets(names, byPath);
  return names.map((n) => byPath.get(n)!);
}

/** The caller's order, with each added parent moved to just before the first entry inside it. */
function withParentsFirst(names: string[]): string[] {
  const present = new Set(names);
  const emitted = new Set<string>();
  const ordered: string[] = [];
  const emit = (name: string) => {
    if (emitted.has(name)) return;
    for (const parent of parentPaths(name)) if (present.has(parent)) emit(parent);
    emitted.add(name);
    ordered.push(name);
  };
  names.forEach(emit);
  return ordered;
}

function fileSize(entry: FileEntry): number {
  const { content } = entry;
  if (typeof content === 'string') return Buffer.byteLength(content, 'utf8');
  if (Buffer.isBuffer(content)) return content.length;
  if (entry.size === undefined || !Number.isSafeInteger(entry.size) || entry.size < 0) {
    throw new Error(`layer entry "${entry.path}": a streamed file needs its size`);
  }
  return entry.size;
}

function checkHardlinkTargets(names: string[], byPath: Map<string, PlannedEntry>): void {
  const seen = new Set<string>();
  for (const name of names) {
    const { header } = byPath.get(name)!;
    if (header.type === 'link') {
      const target = header.linkname!;
      const targetEntry = byPath.get(target);
      if (!targetEntry || targetEntry.header.type !== 'file' || !seen.has(target)) {
        throw new Error(
          `hard link "${name}" must point to a regular file written before it, not "${target}"`,
        );
      }
    }
    seen.add(name);
  }
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
