// The types a function author uses. This file holds types only (no values), so the SDK package ships it as
// its .d.ts unchanged; keep it free of runtime code and of imports other than `import type` from node.
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';

/** Log methods of the per-request logger (pino-compatible subset). */
export interface Logger {
  trace(...args: unknown[]): void;
  debug(...args: unknown[]): void;
  info(...args: unknown[]): void;
  warn(...args: unknown[]): void;
  error(...args: unknown[]): void;
  fatal(...args: unknown[]): void;
}

/**
 * A CloudEvent as the runtime hands it over and accepts it back. Instances of the `cloudevents` package's
 * CloudEvent class satisfy it, and so does any object with these attributes.
 */
export interface CloudEventLike<T = unknown> {
  id: string;
  source: string;
  type: string;
  specversion: string;
  datacontenttype?: string;
  dataschema?: string;
  subject?: string;
  time?: string;
  data?: T;
  data_base64?: string;
  [extension: string]: unknown;
}

/** Builds a CloudEvent reply without importing the cloudevents package (faas-js-runtime compatible). */
export interface CloudEventResponse {
  id(id: string): CloudEventResponse;
  source(source: string): CloudEventResponse;
  type(type: string): CloudEventResponse;
  version(specversion: string): CloudEventResponse;
  response(): CloudEventLike;
}

/** What a context-style handler gets with each invocation (the faas-js-runtime context). */
export interface Context {
  log: Logger;
  req: IncomingMessage;
  /** The parsed body: an object for JSON and urlencoded requests, otherwise a Buffer (or undefined). */
  body?: unknown;
  query: Record<string, string | string[]>;
  headers: IncomingHttpHeaders;
  method: string;
  httpVersion: string;
  httpVersionMajor: number;
  httpVersionMinor: number;
  contentType?: string;
  /** The body as received (UTF-8), when the runtime runs with FUNC_INCLUDE_RAW set. */
  rawBody?: string;
  /** Present when the request carries a CloudEvent (binary or structured mode). */
  cloudevent?: CloudEventLike;
  cloudEventResponse(data: unknown): CloudEventResponse;
  /** Query parameters are also copied onto the context, as faas-js-runtime does. */
  [queryParameter: string]: unknown;
}

/** The object shape of a reply: status, headers and a body (string, Buffer or a value sent as JSON). */
export interface StructuredReturn {
  statusCode?: number;
  headers?: Record<string, string | number | string[]>;
  body?: unknown;
}

export type ResponseBody = string | Buffer | Record<string, unknown> | unknown[];

export type HTTPFunctionReturn = StructuredReturn | ResponseBody | null | undefined | void;

/** A context-style HTTP handler, as Knative documents it for Node.js. */
export type HTTPFunction = (
  context: Context,
  body?: unknown,
) => HTTPFunctionReturn | Promise<HTTPFunctionReturn>;

/** A context-style CloudEvent handler; returning a CloudEvent replies with it in binary mode. */
export type CloudEventFunction<T = unknown> = (
  context: Context,
  event: CloudEventLike<T>,
) => CloudEventLike | HTTPFunctionReturn | Promise<CloudEventLike | HTTPFunctionReturn>;

/** A health check override of a Knative module: answers the probe itself, or returns a body. */
export interface HealthCheck {
  (req: IncomingMessage, res: ServerResponse): unknown;
  path?: string;
}

/** The module shape Knative's Node.js runtime accepts: `module.exports = { handle, init?, shutdown?, … }`. */
export interface FunctionModule {
  handle: HTTPFunction | CloudEventFunction;
  init?: () => unknown;
  shutdown?: () => unknown;
  liveness?: HealthCheck;
  readiness?: HealthCheck;
  /** Allowed CORS origins; without it every origin is allowed. */
  cors?: () => string[];
}

/** A plain Node.js handler: it writes the response itself (express, connect, or none). */
export type NodeHandler = (req: IncomingMessage, res: ServerResponse) => unknown;

/** A fetch-style handler: a WHATWG Request in, a Response out (Hono, itty-router, or none). */
export type FetchHandler = (request: Request) => Response | Promise<Response>;

/** Configuration handed to `start`: every environment variable plus the `key=value` lines of `./cfg`. */
export type InstanceConfig = Record<string, string>;

/**
 * An instance-based function (Knative's Go and Python model, brought to TypeScript). `handle` is a Node.js
 * `(req, res)` handler (two parameters) or a fetch-style `(request) => Response` handler (one parameter);
 * set `handlerStyle` when the parameter count does not say it.
 */
export interface FunctionInstance {
  handle: NodeHandler | FetchHandler;
  handlerStyle?: 'node' | 'fetch';
  /** Called once the server listens; a rejection stops the function (non-zero exit). */
  start?(cfg: InstanceConfig): unknown;
  /** Called after the server stopped accepting and drained, bounded by FUNC_STOP_TIMEOUT (ms, default 30000). */
  stop?(): unknown;
  /** Liveness: false → 503, a throw → 500; otherwise 200 `ALIVE`. */
  alive?(): boolean | Promise<boolean>;
  /** Readiness: false → 503, a throw → 500; otherwise 200 `READY`. */
  ready?(): boolean | Promise<boolean>;
}

/** How a module exports an instance-based function: a factory (`New`/`new`) or a class. */
export type FunctionFactory = () => FunctionInstance | Promise<FunctionInstance>;
