import type { IncomingHttpHeaders } from 'node:http';
import { mediaType } from './body';
import { HttpError } from './http-error';
import type { CloudEventLike } from './types';

const SPEC_VERSION = '1.0';
const ATTRIBUTE_NAME = /^[a-z0-9]+$/;
type CloudEventClass = new (attributes: object, strict?: boolean) => CloudEventLike;

let cloudEventClass: CloudEventClass | undefined;
/** The cloudevents package's CloudEvent class, loaded on first use so plain HTTP functions never pay for it. */
export function cloudEventConstructor(): CloudEventClass {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  cloudEventClass ??= (require('cloudevents') as { CloudEvent: CloudEventClass }).CloudEvent;
  return cloudEventClass;
}

export type EventMode = 'binary' | 'structured' | 'batch';

/** How a request carries a CloudEvent (HTTP protocol binding), or undefined for a plain HTTP request. */
export function eventMode(headers: IncomingHttpHeaders): EventMode | undefined {
  const type = mediaType(headers['content-type']);
  if (type.startsWith('application/cloudevents-batch')) return 'batch';
  if (type.startsWith('application/cloudevents')) return 'structured';
  if (headers['ce-id'] !== undefined || headers['ce-specversion'] !== undefined) return 'binary';
  return undefined;
}

/** Reads the CloudEvent of a request; an unsupported specversion is 406, any other defect 400 naming it. */
export function parseEvent(mode: EventMode, headers: IncomingHttpHeaders, raw: Buffer): CloudEventLike {
  const attributes =
    mode === 'binary' ? binaryAttributes(headers, raw) : structuredAttributes(mode, headers, raw);
  validateAttributes(attributes, mode);
  return new (cloudEventConstructor())(attributes, false);
}

function binaryAttributes(headers: IncomingHttpHeaders, raw: Buffer): Record<string, unknown> {
  const attributes: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (!name.startsWith('ce-') || value === undefined) continue;
    attributes[name.slice(3)] = decodeHeaderValue(Array.isArray(value) ? value.join(',') : value);
  }
  const contentType = headers['content-type'];
  if (contentType) attributes.datacontenttype = contentType;
  if (raw.length > 0) attributes.data = decodeData(raw, contentType);
  return attributes;
}

function structuredAttributes(mode: EventMode, headers: IncomingHttpHeaders, raw: Buffer) {
  if (mode === 'batch')
    throw new HttpError(415, 'batched CloudEvents (application/cloudevents-batch+json) are not supported');
  const type = mediaType(headers['content-type']);
  if (type !== 'application/cloudevents+json') {
    throw new HttpError(
      415,
      `unsupported CloudEvent format ${type} (Content-Type): only application/cloudevents+json`,
    );
  }
  let envelope: unknown;
  try {
    envelope = JSON.parse(raw.toString('utf8'));
  } catch (err) {
    throw new HttpError(
      400,
      `invalid structured CloudEvent: the body is not JSON (${(err as Error).message})`,
    );
  }
  if (envelope === null || typeof envelope !== 'object' || Array.isArray(envelope)) {
    throw new HttpError(400, 'invalid structured CloudEvent: the body must be a JSON object');
  }
  const attributes = { ...(envelope as Record<string, unknown>) };
  if (typeof attributes.data_base64 === 'string') {
    attributes.data = Buffer.from(attributes.data_base64, 'base64');
    delete attributes.data_base64;
  }
  return attributes;
}

function validateAttributes(attributes: Record<string, unknown>, mode: EventMode): void {
  const where = (name: string) => (mode === 'binary' ? `header ce-${name}` : `attribute "${name}"`);
  const specversion = attributes.specversion;
  if (specversion === undefined)
    throw new HttpError(400, `invalid CloudEvent: ${where('specversion')} is missing`);
  if (specversion !== SPEC_VERSION) {
    throw new HttpError(
      406,
      `unsupported CloudEvent specversion "${String(specversion)}" (${where('specversion')}): only ${SPEC_VERSION}`,
    );
  }
  for (const required of ['id', 'source', 'type']) {
    const value = attributes[required];
    if (typeof value !== 'string' || value === '') {
      throw new HttpError(400, `invalid CloudEvent: ${where(required)} is missing or empty`);
    }
  }
  for (const name of Object.keys(attributes)) {
    if (name !== 'data' && !ATTRIBUTE_NAME.test(name)) {
      throw new HttpError(
        400,
        `invalid CloudEvent attribute name "${name}": only lower-case letters and digits`,
      );
    }
  }
}

function decodeData(raw: Buffer, contentType: string | undefined): unknown {
  const type = mediaType(contentType);
  if (type === 'application/json' || type.endsWith('+json')) {
    try {
      return JSON.parse(raw.toString('utf8'));
    } catch (err) {
      throw new HttpError(
        400,
        `invalid CloudEvent data: Content-Type ${type} but the body is not JSON (${(err as Error).message})`,
      );
    }
  }
  if (type.startsWith('text/') || type === '') return raw.toString('utf8');
  return raw;
}

function decodeHeaderValue(value: string): string {
  if (!value.includes('%')) return value;
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/** True for CloudEvent instances of any copy of the cloudevents package (and of the runtime's own replies). */
export function isCloudEvent(value: unknown): value is CloudEventLike {
  if (value === null || typeof value !== 'object') return false;
  if (cloudEventClass && value instanceof cloudEventClass) return true;
  return (value as { constructor?: { name?: string } }).constructor?.name === 'CloudEvent';
}

const NOT_HEADERS = new Set(['data', 'data_base64', 'datacontenttype']);

/** A CloudEvent as an HTTP response in binary mode: ce-* headers, Content-Type, the data as the body. */
export function toBinaryMessage(event: CloudEventLike): {
  headers: Record<string, string>;
  body: Buffer | string;
} {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(event)) {
    if (NOT_HEADERS.has(name) || value === undefined || value === null || typeof value === 'function')
      continue;
    headers[`ce-${name}`] = encodeHeaderValue(value instanceof Date ? value.toISOString() : String(value));
  }
  headers['ce-specversion'] ??= SPEC_VERSION;
  const data = event.data ?? (event.data_base64 ? Buffer.from(event.data_base64, 'base64') : undefined);
  let body: Buffer | string = '';
  let contentType = event.datacontenttype;
  if (Buffer.isBuffer(data)) body = data;
  else if (data instanceof Uint8Array) body = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  else if (typeof data === 'string') {
    body = data;
    contentType ??= 'text/plain; charset=utf-8';
  } else if (data !== undefined) {
    body = JSON.stringify(data);
    contentType ??= 'application/json';
  }
  if (contentType) headers['content-type'] = contentType;
  return { headers, body };
}

/** Percent-encodes what an HTTP header value may not carry (CloudEvents HTTP binding §3.1.3.2). */
function encodeHeaderValue(value: string): string {
  return /[^\x21-\x7e ]|[%"]/.test(value)
    ? value.replace(/[^\x21-\x7e ]|[%"]/g, (c) => encodeURIComponent(c).replace(/"/g, '%22'))
    : value;
}
