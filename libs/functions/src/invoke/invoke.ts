import { localhostDispatcher } from './http-client';
import { randomUUID } from 'node:crypto';
import {
  DEFAULT_INVOKE_CONTENT_TYPE,
  DEFAULT_INVOKE_REQUEST_TYPE,
  DEFAULT_INVOKE_SOURCE,
  DEFAULT_INVOKE_TYPE,
} from './defaults';

export type InvokeFormat = 'http' | 'cloudevent';

export interface InvokeMessage {
  format: InvokeFormat;
  data: Buffer;
  contentType?: string;
  requestType?: 'POST' | 'GET';
  /** CloudEvent attributes (format cloudevent). */
  id?: string;
  source?: string;
  type?: string;
  extensions?: Record<string, string>;
}

export interface InvokeResult {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
  /** The reply's CloudEvent attributes when the function answered with an event (binary mode). */
  event?: Record<string, string>;
}

/** The HTTP request `kuack func invoke` sends for a message (a CloudEvent in binary mode for cloudevent). */
export function invokeRequest(message: InvokeMessage): {
  method: string;
  headers: Record<string, string>;
  body?: Buffer;
} {
  const method = message.requestType ?? DEFAULT_INVOKE_REQUEST_TYPE;
  if (method !== 'POST' && method !== 'GET')
    throw new Error(`--request-type: "${String(method)}" must be POST or GET`);
  const headers: Record<string, string> = {};
  if (message.format === 'cloudevent') {
    headers['ce-specversion'] = '1.0';
    headers['ce-id'] = message.id || randomUUID();
    headers['ce-source'] = message.source ?? DEFAULT_INVOKE_SOURCE;
    headers['ce-type'] = message.type ?? DEFAULT_INVOKE_TYPE;
    headers['ce-time'] = new Date().toISOString();
    for (const [name, value] of Object.entries(message.extensions ?? {})) {
      if (!/^[a-z0-9]+$/.test(name))
        throw new Error(`-e/--extension: "${name}" is not a CloudEvent attribute name (a-z, 0-9)`);
      headers[`ce-${name}`] = value;
    }
  } else if (message.format !== 'http') {
    throw new Error(`-f/--format: "${String(message.format)}" must be http or cloudevent`);
  }
  if (method === 'GET') return { method, headers };
  headers['content-type'] = message.contentType ?? DEFAULT_INVOKE_CONTENT_TYPE;
  return { method, headers, body: message.data };
}

/** Sends the message to `url` and returns the reply; a status above 299 is an error naming it. */
export async function invokeFunction(
  url: string,
  message: InvokeMessage,
  timeoutMs = 60_000,
): Promise<InvokeResult> {
  const request = invokeRequest(message);
  let res: Response;
  try {
    const undici = await import('undici');
    res = (await undici.fetch(url, {
      method: request.method,
      headers: request.headers,
      body: request.body,
      signal: AbortSignal.timeout(timeoutMs),
      dispatcher: (await localhostDispatcher()) as never,
    })) as unknown as Response;
  } catch (err) {
    const cause = (err as { cause?: { code?: string; message?: string } }).cause;
    throw new Error(
      `cannot reach the function at ${url}: ${cause?.code ?? cause?.message ?? (err as Error).message}`,
    );
  }
  const body = Buffer.from(await res.arrayBuffer());
  const headers: Record<string, string> = {};
  res.headers.forEach((value, name) => (headers[name] = value));
  if (res.status > 299) {
    const detail = body.length > 0 ? `: ${body.toString('utf8').slice(0, 500)}` : '';
    throw new Error(`failure invoking '${url}' (HTTP ${res.status})${detail}`);
  }
  const result: InvokeResult = { status: res.status, headers, body };
  if (headers['ce-id'] !== undefined) {
    result.event = {};
    for (const [name, value] of Object.entries(headers))
      if (name.startsWith('ce-')) result.event[name.slice(3)] = value;
    if (headers['content-type']) result.event.datacontenttype = headers['content-type'];
  }
  return result;
}

const CONTEXT_ATTRIBUTES = [
  'specversion',
  'type',
  'source',
  'subject',
  'id',
  'time',
  'dataschema',
  'datacontenttype',
];

/** The reply as `func invoke` prints it: a CloudEvent like the Go SDK's String(), else the body. */
export function formatInvokeResult(result: InvokeResult): string {
  if (!result.event) return result.body.toString('utf8');
  const event = result.event;
  const lines = ['Context Attributes,'];
  for (const name of CONTEXT_ATTRIBUTES)
    if (event[name] !== undefined) lines.push(`  ${name}: ${event[name]}`);
  const extensions = Object.keys(event)
    .filter((n) => !CONTEXT_ATTRIBUTES.includes(n))
    .sort();
  if (extensions.length > 0) {
    lines.push('Extensions,');
    for (const name of extensions) lines.push(`  ${name}: ${event[name]}`);
  }
  if (result.body.length > 0) {
    lines.push('Data,');
    let data = result.body.toString('utf8');
    if ((event.datacontenttype ?? '').includes('json')) {
      try {
        data = JSON.stringify(JSON.parse(data), null, 2);
      } catch {
        /* printed as sent */
      }
    }
    lines.push(...data.split('\n').map((l) => `  ${l}`));
  }
  return lines.join('\n') + '\n';
}
