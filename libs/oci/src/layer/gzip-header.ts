import { Transform, type TransformCallback } from 'node:stream';

const OS_BYTE_OFFSET = 9;
const OS_UNIX = 3;

/**
 * Sets the OS byte of a gzip header to "Unix". zlib writes the OS it was compiled for (3 on Linux, 19 on
 * macOS in recent versions), which would make the same layer hash differently on different machines.
 */
export class GzipHeaderNormalizer extends Transform {
  private offset = 0;

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    if (this.offset <= OS_BYTE_OFFSET && this.offset + chunk.length > OS_BYTE_OFFSET) {
      chunk = Buffer.from(chunk);
      chunk[OS_BYTE_OFFSET - this.offset] = OS_UNIX;
    }
    this.offset += chunk.length;
    callback(null, chunk);
  }
}
