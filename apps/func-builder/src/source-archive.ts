import type { IncomingMessage } from 'node:http';
import { PassThrough, Readable, Transform } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { UnsafeEntryError, unpackLayer } from '@kuack/oci';

/** A request the service refuses before building: carries the HTTP status to answer with. */
export class RequestError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** Counts bytes and fails with 413 once more than `limit` went through. */
export function sizeLimit(limit: number): Transform {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _enc, cb) {
      seen += chunk.length;
      if (seen > limit)
        cb(new RequestError(413, `the source archive is larger than the limit of ${limit} bytes`));
      else cb(null, chunk);
    },
  });
}

/**
 * Extracts a source tarball (gzip or plain tar, detected from its first bytes) from the request into `dir`,
 * which must exist and be empty. Entries that would land outside `dir` (absolute names, `..`, links through a
 * symlink) are refused with 400, an oversized body with 413, before anything is built.
 */
export async function extractSource(req: IncomingMessage, dir: string, limit: number): Promise<void> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) {
    throw new RequestError(413, `the source archive is ${declared} bytes, above the limit of ${limit} bytes`);
  }
  const limited = req.pipe(sizeLimit(limit));
  req.on('error', (err) => limited.destroy(err));
  const tar = await maybeGunzip(limited);
  try {
    await unpackLayer(tar, dir, { preserveOwner: false });
  } catch (err) {
    if (err instanceof RequestError) throw err;
    if (err instanceof UnsafeEntryError)
      throw new RequestError(400, `refused the source archive: ${err.message}`);
    throw new RequestError(
      400,
      `the body is not a tar or tar.gz archive of the function folder (${(err as Error).message})`,
    );
  }
}

async function maybeGunzip(stream: Readable): Promise<Readable> {
  const first = await new Promise<Buffer | null>((resolve, reject) => {
    const onReadable = () => {
      cleanup();
      resolve(stream.read(2) ?? stream.read());
    };
    const onEnd = () => {
      cleanup();
      resolve(null);
    };
    const onError = (err: Error) => {
      cleanup();
      reject(err);
    };
    const cleanup = () => {
      stream.off('readable', onReadable);
      stream.off('end', onEnd);
      stream.off('error', onError);
    };
    stream.on('readable', onReadable);
    stream.on('end', onEnd);
    stream.on('error', onError);
  });
  if (!first || first.length === 0)
    throw new RequestError(400, 'the request has no body: send the function folder as a tar.gz archive');
  const rest = new PassThrough();
  rest.write(first);
  stream.pipe(rest);
  stream.on('error', (err) => rest.destroy(err));
  if (first[0] === 0x1f && first[1] === 0x8b) {
    const gunzip = createGunzip();
    rest.on('error', (err) => gunzip.destroy(err));
    return rest.pipe(gunzip);
  }
  return rest;
}
