import type { IncomingMessage } from 'node:http';
import { HttpError } from './http-error';

/** faas-js-runtime's default: 1 MiB. */
export const DEFAULT_BODY_LIMIT = 1024 * 1024;

/** Reads the whole request body, refusing (413) a declared or actual size above `limit` bytes. */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = req.headers['content-length'];
  if (declared !== undefined && Number(declared) > limit) {
    return Promise.reject(tooLarge(limit));
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.off('data', onData);
        req.pause();
        reject(tooLarge(limit));
        return;
      }
      chunks.push(chunk);
    };
    req.on('data', onData);
    req.once('end', () => resolve(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, size)));
    req.once('error', reject);
  });
}

function tooLarge(limit: number): HttpError {
  return new HttpError(413, `request body larger than the limit of ${limit} bytes (FUNC_BODY_LIMIT)`);
}

/** The media type of a Content-Type header, lower-cased and without parameters. */
export function mediaType(contentType: string | undefined): string {
  if (!contentType) return '';
  const semicolon = contentType.indexOf(';');
  return (semicolon === -1 ? contentType : contentType.slice(0, semicolon)).trim().toLowerCase();
}

/**
 * The body as faas-js-runtime hands it to a function: JSON parsed, urlencoded parsed into an object
 * (repeated keys become arrays), text/plain as a string, anything else as a Buffer; no body → undefined.
 */
export function parseBody(raw: Buffer, contentType: string | undefined): unknown {
  if (raw.length === 0) return undefined;
  const type = mediaType(contentType);
  if (
    type === 'application/json' ||
    (type.endsWith('+json') && !type.startsWith('application/cloudevents'))
  ) {
    try {
      return JSON.parse(raw.toString('utf8'));
    } catch (err) {
      throw new HttpError(400, `invalid JSON body (Content-Type ${type}): ${(err as Error).message}`);
    }
  }
  if (type === 'application/x-www-form-urlencoded') return parseUrlEncoded(raw.toString('utf8'));
  if (type === 'text/plain') return raw.toString('utf8');
  return raw;
}

export function parseUrlEncoded(text: string): Record<string, string | string[]> {
  const result: Record<string, string | string[]> = {};
  for (const [key, value] of new URLSearchParams(text)) {
    if (key === '__proto__') continue;
    const existing = result[key];
    if (existing === undefined) result[key] = value;
    else if (Array.isArray(existing)) existing.push(value);
    else result[key] = [existing, value];
  }
  return result;
}
