import { Transform, type TransformCallback } from 'node:stream';

const BLOCK = 512;

/**
 * Completes a tar stream that stops right after its last entry's data, without padding or the two zero
 * end-of-archive blocks (umoci 0.4 writes such layers; Go's tar reader accepts them, tar-stream does not).
 * Extra zero blocks after a proper end-of-archive are ignored by readers, so well-formed tars are unaffected.
 * The layer's digest has already been verified by then, so this only changes how the author's bytes are read.
 */
export class TarEndPadding extends Transform {
  private length = 0;

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.length += chunk.length;
    callback(null, chunk);
  }

  override _flush(callback: TransformCallback): void {
    const toBoundary = (BLOCK - (this.length % BLOCK)) % BLOCK;
    callback(null, Buffer.alloc(toBoundary + 2 * BLOCK));
  }
}
