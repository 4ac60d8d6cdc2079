import { createReadStream, createWriteStream, promises as fs } from 'node:fs';
import path from 'node:path';
import { Readable, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { assertSha256Digest, DigestingStream, digestHex, VerifyingStream } from '../digest';
import { pathExists, tempPathIn } from '../fs/atomic-file';

export interface BlobInfo {
  digest: string;
  size: number;
}

export interface ExpectedBlob {
  digest: string;
  size?: number;
}

/**
 * The `blobs/sha256/` directory of an OCI layout. Every write goes to a temp file first and is renamed into
 * place only once its digest is known (and matches the expected one), so a reader never sees a partial or
 * corrupted blob and two processes can write the same blob at once.
 */
export class BlobDirectory {
  readonly blobsDir: string;
  readonly tempDir: string;

  constructor(readonly root: string) {
    this.blobsDir = path.join(root, 'blobs', 'sha256');
    this.tempDir = path.join(root, '.tmp');
  }

  pathOf(digest: string): string {
    return path.join(this.blobsDir, digestHex(digest));
  }

  async has(digest: string): Promise<boolean> {
    return pathExists(this.pathOf(digest));
  }

  async stat(digest: string): Promise<BlobInfo | undefined> {
    try {
      const st = await fs.stat(this.pathOf(digest));
      return { digest, size: st.size };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw err;
    }
  }

  open(digest: string): Readable {
    return createReadStream(this.pathOf(digest));
  }

  async readBytes(digest: string): Promise<Buffer> {
    return fs.readFile(this.pathOf(digest));
  }

  /** Streams `source` into the store; with `expected`, a mismatch fails and nothing is stored. */
  async write(source: Readable | Buffer, expected?: ExpectedBlob, what = 'blob'): Promise<BlobInfo> {
    const readable = Buffer.isBuffer(source) ? Readable.from([source]) : source;
    return this.writeWith(
      async (sink) => {
        await pipeline(readable, sink);
      },
      expected,
      what,
    );
  }

  /**
   * Lets `produce` write into a sink (e.g. a layer builder's gzip output), then commits the bytes under their
   * digest. Returns the digest and size, plus what `produce` returned.
   */
  async writeWith<T>(
    produce: (sink: Writable) => Promise<T>,
    expected?: ExpectedBlob,
    what = 'blob',
  ): Promise<BlobInfo & { result: T }> {
    if (expected) assertSha256Digest(expected.digest, what);
    await fs.mkdir(this.tempDir, { recursive: true });
    await fs.mkdir(this.blobsDir, { recursive: true });
    const temp = tempPathIn(this.tempDir, 'blob');
    const hasher = expected
      ? new VerifyingStream(expected.digest, expected.size, what)
      : new DigestingStream();
    const file = createWriteStream(temp, { mode: 0o644 });
    try {
      const fileDone = pipeline(hasher, file);
      fileDone.catch(() => undefined); // awaited below; this only keeps an early failure from going unhandled
      let result: T;
      try {
        result = await produce(hasher);
        if (!hasher.writableEnded) hasher.end();
      } catch (err) {
        hasher.destroy(err as Error);
        throw err;
      }
      await fileDone;
      const info: BlobInfo =
        hasher instanceof DigestingStream
          ? { digest: hasher.digest, size: hasher.size }
          : { digest: expected!.digest, size: (await fs.stat(temp)).size };
      await fs.rename(temp, this.pathOf(info.digest));
      return { ...info, result };
    } catch (err) {
      await fs.rm(temp, { force: true });
      throw err;
    }
  }

  async delete(digest: string): Promise<void> {
    await fs.rm(this.pathOf(digest), { force: true });
  }

  async list(): Promise<string[]> {
    let names: string[];
    try {
      names = await fs.readdir(this.blobsDir);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw err;
    }
    return names.filter((n) => /^[a-f0-9]{64}$/.test(n)).map((n) => `sha256:${n}`);
  }
}
