import type { Readable } from 'node:stream';

interface EntryBase {
  /** Path inside the image, e.g. `func/index.js` or `/func/index.js`. */
  path: string;
  mode?: number;
  uid?: number;
  gid?: number;
  /** Defaults to the build's fixed mtime. */
  mtime?: Date;
}

export interface FileEntry extends EntryBase {
  type: 'file';
  /**
   * Bytes, text, a file of this machine (`{ hostPath }`: small files are read whole, large ones streamed), or a
   * function that opens a stream of exactly `size` bytes. Files and streams are opened only when written.
   */
  content: Buffer | string | { hostPath: string } | (() => Readable);
  /** Required with a host file or a stream. */
  size?: number;
}

export interface DirectoryEntry extends EntryBase {
  type: 'directory';
}

export interface SymlinkEntry extends EntryBase {
  type: 'symlink';
  target: string;
}

export interface HardlinkEntry extends EntryBase {
  type: 'hardlink';
  /** Path inside the image of the file this links to (written earlier in the same layer). */
  target: string;
}

export type LayerEntry = FileEntry | DirectoryEntry | SymlinkEntry | HardlinkEntry;

export const DEFAULT_FILE_MODE = 0o644;
export const DEFAULT_DIRECTORY_MODE = 0o755;
export const DEFAULT_SYMLINK_MODE = 0o777;
