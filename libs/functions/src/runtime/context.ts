import type { IncomingMessage } from 'node:http';
import { cloudEventConstructor } from './cloudevent';
import type { CloudEventLike, CloudEventResponse, Context, Logger } from './types';

/** The faas-js-runtime context of one invocation; query parameters are also copied onto it. */
export function createContext(
  req: IncomingMessage,
  query: Record<string, string | string[]>,
  body: unknown,
  log: Logger,
  cloudevent: CloudEventLike | undefined,
): Context {
  const context: Context = {
    ...query,
    log,
    req,
    body,
    query,
    headers: req.headers,
    method: req.method ?? 'GET',
    httpVersion: req.httpVersion,
    httpVersionMajor: req.httpVersionMajor,
    httpVersionMinor: req.httpVersionMinor,
    contentType: req.headers['content-type'],
    cloudEventResponse,
  };
  if (cloudevent) context.cloudevent = cloudevent;
  return context;
}

const cloudEventResponse = (data: unknown): CloudEventResponse => new EventResponseBuilder(data);

class EventResponseBuilder implements CloudEventResponse {
  private readonly attributes: Record<string, unknown>;
  constructor(data: unknown) {
    this.attributes = { data };
  }
  id(id: string) {
    this.attributes.id = id;
    return this;
  }
  source(source: string) {
    this.attributes.source = source;
    return this;
  }
  type(type: string) {
    this.attributes.type = type;
    return this;
  }
  version(specversion: string) {
    this.attributes.specversion = specversion;
    return this;
  }
  response(): CloudEventLike {
    return new (cloudEventConstructor())(this.attributes, false);
  }
}

/** Query parameters of a request target; repeated names become arrays. */
export function parseQuery(url: string | undefined): Record<string, string | string[]> {
  const mark = url ? url.indexOf('?') : -1;
  if (!url || mark === -1) return {};
  const result: Record<string, string | string[]> = {};
  for (const [key, value] of new URLSearchParams(url.slice(mark + 1))) {
    if (key === '__proto__') continue;
    const existing = result[key];
    if (existing === undefined) result[key] = value;
    else if (Array.isArray(existing)) existing.push(value);
    else result[key] = [existing, value];
  }
  return result;
}
