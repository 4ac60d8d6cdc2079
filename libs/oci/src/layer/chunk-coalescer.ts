import { Transform, type TransformCallback } from 'node:stream';

/**
 * Gathers small writes into blocks of `blockSize` bytes. A tar of many small files arrives as two tiny chunks
 * per entry; zlib does each write as a thread-pool round trip, so feeding it blocks is many times faster.
 */
export class ChunkCoalescer extends Transform {
  private pending: Buffer[] = [];
  private pendingSize = 0;

  constructor(private readonly blockSize = 64 * 1024) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.pending.push(chunk);
    this.pendingSize += chunk.length;
    if (this.pendingSize >= this.blockSize) this.flushPending();
    callback();
  }

  override _flush(callback: TransformCallback): void {
    this.flushPending();
    callback();
  }

  private flushPending(): void {
    if (this.pendingSize === 0) return;
    this.push(this.pending.length === 1 ? this.pending[0] : Buffer.concat(this.pending, this.pendingSize));
    this.pending = [];
    this.pendingSize = 0;
  }
}
