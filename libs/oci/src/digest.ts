import { createHash, type Hash } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';

const SHA256_PATTERN = /^sha256:[a-f0-9]{64}$/;

export function sha256Digest(data: Buffer | string): string {
  return `sha256:${createHash('sha256').update(data).digest('hex')}`;
}

/** Throws unless `digest` is `sha256:<64 lowercase hex>`, the only algorithm this library stores. */
export function assertSha256Digest(digest: string, where = 'digest'): void {
  if (!SHA256_PATTERN.test(digest))
    throw new Error(`${where}: "${digest}" is not a sha256 digest (sha256:<64 hex>)`);
}

export function digestHex(digest: string): string {
  assertSha256Digest(digest);
  return digest.slice('sha256:'.length);
}

export class DigestMismatchError extends Error {
  constructor(
    readonly expected: string,
    readonly actual: string,
    readonly what: string,
  ) {
    super(`digest mismatch for ${what}: expected ${expected}, got ${actual}`);
    this.name = 'DigestMismatchError';
  }
}

export class SizeMismatchError extends Error {
  constructor(
    readonly expected: number,
    readonly actual: number,
    readonly what: string,
  ) {
    super(`size mismatch for ${what}: expected ${expected} bytes, got ${actual}`);
    this.name = 'SizeMismatchError';
  }
}

/**
 * A pass-through stream that hashes and counts what flows through it. Read `digest` and `size` after it ends.
 */
export class DigestingStream extends Transform {
  private readonly hash: Hash = createHash('sha256');
  private bytes = 0;
  private final_: string | undefined;

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.hash.update(chunk);
    this.bytes += chunk.length;
    callback(null, chunk);
  }

  override _flush(callback: TransformCallback): void {
    this.final_ = `sha256:${this.hash.digest('hex')}`;
    callback();
  }

  get size(): number {
    return this.bytes;
  }

  get digest(): string {
    if (this.final_ === undefined) throw new Error('DigestingStream: digest read before the stream ended');
    return this.final_;
  }
}

/**
 * A pass-through stream that fails (instead of ending) when the content does not match the expected digest
 * or size, so a consumer that writes to a temp file never commits corrupted bytes. `what` names the blob.
 */
export class VerifyingStream extends Transform {
  private readonly hash: Hash = createHash('sha256');
  private bytes = 0;

  constructor(
    private readonly expectedDigest: string,
    private readonly expectedSize: number | undefined,
    private readonly what: string,
  ) {
    super();
    assertSha256Digest(expectedDigest, what);
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.bytes += chunk.length;
    if (this.expectedSize !== undefined && this.bytes > this.expectedSize) {
      callback(new SizeMismatchError(this.expectedSize, this.bytes, this.what));
      return;
    }
    this.hash.update(chunk);
    callback(null, chunk);
  }

  override _flush(callback: TransformCallback): void {
    if (this.expectedSize !== undefined && this.bytes !== this.expectedSize) {
      callback(new SizeMismatchError(this.expectedSize, this.bytes, this.what));
      return;
    }
    const actual = `sha256:${this.hash.digest('hex')}`;
    callback(
      actual === this.expectedDigest ? null : new DigestMismatchError(this.expectedDigest, actual, this.what),
    );
  }
}

/** Checks bytes already in memory (manifests, configs) against a digest. */
export function verifyBytes(data: Buffer, expectedDigest: string, what: string): void {
  const actual = sha256Digest(data);
  if (actual !== expectedDigest) throw new DigestMismatchError(expectedDigest, actual, what);
}
