import { constants, promises as fs } from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import * as tar from 'tar-stream';

type TarEntry = AsyncIterable<Buffer> & { header: tar.Header; resume(): unknown };
type TarHeader = tar.Header;
import { classifyWhiteout } from '../layer/whiteouts';
import { entryComponents, resolveDirectoryInRoot } from './safe-path';
import { UnsafeEntryError } from './unsafe-entry-error';

export interface UnpackOptions {
  /** chown entries to their uid/gid. Default: only when running as root. */
  preserveOwner?: boolean;
}

export interface UnpackLayerResult {
  entries: number;
  /** Entries not created: devices and FIFOs (Kuack runs Pods unprivileged). */
  skipped: string[];
}

interface DeferredDirectory {
  dir: string;
  mode: number;
  mtime?: Date;
}

/**
 * Applies one uncompressed layer tar to `root` (which must exist): whiteouts and opaque whiteouts delete from
 * what earlier layers wrote; every other entry is created without ever following a symlink out of `root`.
 */
export async function unpackLayer(
  tarStream: Readable,
  root: string,
  options: UnpackOptions = {},
): Promise<UnpackLayerResult> {
  const preserveOwner = options.preserveOwner ?? process.getuid?.() === 0;
  const realRoot = await fs.realpath(root);
  const thisLayer = new Set<string>();
  const directories = new Map<string, DeferredDirectory>();
  const result: UnpackLayerResult = { entries: 0, skipped: [] };
  const extract = tar.extract();
  const feeding = pipeline(tarStream, extract);
  feeding.catch(() => undefined); // its failure also surfaces through the iterator below

  for await (const entry of extract) {
    try {
      await applyEntry(entry as unknown as TarEntry, realRoot, {
        preserveOwner,
        thisLayer,
        directories,
        result,
      });
    } finally {
      entry.resume(); // drain whatever the handler did not read, so the next entry can come
    }
  }
  await feeding;
  // Directory modes and times last: a read-only directory must not stop its own children from being written.
  for (const { dir, mode, mtime } of [...directories.values()].reverse()) {
    const stats = await lstatOrUndefined(dir);
    if (!stats?.isDirectory()) continue; // deleted or replaced (maybe by a symlink) later in the layer
    await fs.chmod(dir, mode);
    if (mtime) await fs.utimes(dir, mtime, mtime);
  }
  return result;
}

interface LayerState {
  preserveOwner: boolean;
  thisLayer: Set<string>;
  directories: Map<string, DeferredDirectory>;
  result: UnpackLayerResult;
}

async function applyEntry(entry: TarEntry, root: string, state: LayerState): Promise<void> {
  const header = entry.header;
  const name = header.name;
  const components = entryComponents(name);
  if (components.length === 0) return; // the root itself ("./")
  state.result.entries++;
  const relative = components.join('/');
  const whiteout = classifyWhiteout(relative);
  const parentComponents = components.slice(0, -1);
  const base = components[components.length - 1]!;

  if (whiteout.kind === 'whiteout') {
    const parent = await resolveDirectoryInRoot(root, parentComponents, name, { create: false });
    const target = whiteout.target;
    if (parent && !state.thisLayer.has(target)) {
      await fs.rm(path.join(parent, path.posix.basename(target)), { recursive: true, force: true });
    }
    return;
  }
  if (whiteout.kind === 'opaque') {
    const dir = await resolveDirectoryInRoot(root, parentComponents, name, { create: true });
    await removeLowerLayerEntries(dir!, whiteout.directory, state.thisLayer);
    return;
  }

  const type = header.type ?? 'file';
  if (type === 'character-device' || type === 'block-device' || type === 'fifo') {
    state.result.skipped.push(relative);
    return;
  }
  const parent = (await resolveDirectoryInRoot(root, parentComponents, name, { create: true }))!;
  const target = path.join(parent, base);
  state.thisLayer.add(relative);
  const mode = (header.mode ?? 0o644) & 0o7777;
  const existing = await lstatOrUndefined(target);

  switch (type) {
    case 'directory': {
      if (existing && !existing.isDirectory()) await fs.rm(target, { recursive: true, force: true });
      if (!existing || !existing.isDirectory()) await fs.mkdir(target, { mode: 0o700 });
      // Owner-writable until the layer is done; the real mode is applied at the end.
      await fs.chmod(target, 0o700 | mode);
      state.directories.set(target, { dir: target, mode, mtime: header.mtime });
      await chownIfAsked(target, header, state.preserveOwner);
      return;
    }
    case 'file':
    case 'contiguous-file': {
      if (existing) await fs.rm(target, { recursive: true, force: true });
      // O_EXCL|O_NOFOLLOW: never write through something that appeared at this name meanwhile.
      const flags = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW;
      const handle = await fs.open(target, flags, 0o600);
      await pipeline(entry, handle.createWriteStream());
      await chownIfAsked(target, header, state.preserveOwner);
      await fs.chmod(target, mode);
      if (header.mtime) await fs.utimes(target, header.mtime, header.mtime);
      return;
    }
    case 'symlink': {
      if (existing) await fs.rm(target, { recursive: true, force: true });
      await fs.symlink(header.linkname ?? '', target);
      await chownIfAsked(target, header, state.preserveOwner);
      if (header.mtime) await fs.lutimes(target, header.mtime, header.mtime);
      return;
    }
    case 'link': {
      const linkname = header.linkname ?? '';
      const source = await resolveHardlinkSource(root, linkname, name);
      if (existing) await fs.rm(target, { recursive: true, force: true });
      await fs.link(source, target);
      return;
    }
    default:
      throw new Error(`layer entry "${name}": unsupported tar entry type "${type}"`);
  }
}

async function resolveHardlinkSource(root: string, linkname: string, entry: string): Promise<string> {
  let components: string[];
  try {
    components = entryComponents(linkname, entry);
  } catch (err) {
    if (err instanceof UnsafeEntryError) {
      throw new UnsafeEntryError(
        entry,
        `hard link target "${linkname}" is outside the target (${err.reason})`,
      );
    }
    throw err;
  }
  if (components.length === 0) throw new UnsafeEntryError(entry, 'hard link to the root');
  const parent = await resolveDirectoryInRoot(root, components.slice(0, -1), entry, { create: false });
  const source = parent ? path.join(parent, components[components.length - 1]!) : undefined;
  const stats = source ? await lstatOrUndefined(source) : undefined;
  if (!source || !stats)
    throw new Error(`layer entry "${entry}": hard link target "${linkname}" does not exist`);
  if (stats.isDirectory()) throw new UnsafeEntryError(entry, `hard link target "${linkname}" is a directory`);
  return source;
}

async function removeLowerLayerEntries(
  dir: string,
  relativeDir: string,
  thisLayer: Set<string>,
): Promise<void> {
  for (const name of await fs.readdir(dir)) {
    const relative = relativeDir === '' ? name : `${relativeDir}/${name}`;
    const full = path.join(dir, name);
    if (!thisLayer.has(relative)) {
      await fs.rm(full, { recursive: true, force: true });
      continue;
    }
    const stats = await fs.lstat(full);
    if (stats.isDirectory()) await removeLowerLayerEntries(full, relative, thisLayer);
  }
}

async function lstatOrUndefined(p: string) {
  try {
    return await fs.lstat(p);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

async function chownIfAsked(target: string, header: TarHeader, preserveOwner: boolean): Promise<void> {
  if (!preserveOwner) return;
  await fs.lchown(target, header.uid ?? 0, header.gid ?? 0);
}
