import { isCloudEvent, toBinaryMessage } from './cloudevent';

/** An HTTP reply decided from what a function returned (or threw), before it is written. */
export interface Reply {
  statusCode: number;
  headers: Record<string, string | number | string[]>;
  body: string | Buffer;
}

const TEXT = 'text/plain; charset=utf-8';
const JSON_TYPE = 'application/json; charset=utf-8';

/**
 * Maps a function's return value to a reply with faas-js-runtime's rules: a CloudEvent → binary mode;
 * falsy → 204; a string → 200 text/plain; an object with `body` → `statusCode` (default 200), `headers` and
 * that body; any other object or array → JSON (with `statusCode` and `headers` still honoured).
 */
export function replyFor(value: unknown): Reply {
  if (isCloudEvent(value)) {
    const message = toBinaryMessage(value);
    return { statusCode: 200, headers: message.headers, body: message.body };
  }
  if (!value) return { statusCode: 204, headers: {}, body: '' };
  if (typeof value === 'string') return { statusCode: 200, headers: { 'content-type': TEXT }, body: value };
  if (Buffer.isBuffer(value)) {
    return { statusCode: 200, headers: { 'content-type': 'application/octet-stream' }, body: value };
  }
  if (typeof value !== 'object') {
    return { statusCode: 200, headers: { 'content-type': JSON_TYPE }, body: JSON.stringify(value) };
  }
  const structured = value as { statusCode?: unknown; headers?: unknown; body?: unknown };
  const headers = lowerCaseHeaders(structured.headers);
  const statusCode = validStatus(structured.statusCode) ?? 200;
  if (structured.body !== undefined) {
    const { body } = structured;
    if (isCloudEvent(body)) {
      const message = toBinaryMessage(body);
      return { statusCode, headers: { ...message.headers, ...headers }, body: message.body };
    }
    if (typeof body === 'string') return { statusCode, headers: { 'content-type': TEXT, ...headers }, body };
    if (Buffer.isBuffer(body)) {
      return { statusCode, headers: { 'content-type': 'application/octet-stream', ...headers }, body };
    }
    if (body instanceof Uint8Array) {
      return {
        statusCode,
        headers: { 'content-type': 'application/octet-stream', ...headers },
        body: Buffer.from(body.buffer, body.byteOffset, body.byteLength),
      };
    }
    return { statusCode, headers: { 'content-type': JSON_TYPE, ...headers }, body: JSON.stringify(body) };
  }
  return { statusCode, headers: { 'content-type': JSON_TYPE, ...headers }, body: JSON.stringify(value) };
}

/** A thrown error: status `err.code` (or `err.statusCode`) when it is an HTTP status, else 500; body = message. */
export function errorReply(err: unknown): Reply {
  const e = (err ?? {}) as { code?: unknown; statusCode?: unknown; message?: unknown };
  const statusCode = validStatus(e.code) ?? validStatus(e.statusCode) ?? 500;
  const message = typeof e.message === 'string' ? e.message : String(err);
  return { statusCode, headers: { 'content-type': TEXT }, body: message };
}

function validStatus(value: unknown): number | undefined {
  const n = typeof value === 'string' && /^\d{3}$/.test(value) ? Number(value) : value;
  return typeof n === 'number' && Number.isInteger(n) && n >= 100 && n <= 599 ? n : undefined;
}

function lowerCaseHeaders(headers: unknown): Record<string, string | number | string[]> {
  const result: Record<string, string | number | string[]> = {};
  if (!headers || typeof headers !== 'object') return result;
  for (const [name, value] of Object.entries(headers as Record<string, unknown>)) {
    if (value === undefined || value === null) continue;
    result[name.toLowerCase()] = Array.isArray(value)
      ? value.map(String)
      : typeof value === 'number'
        ? value
        : String(value);
  }
  return result;
}
