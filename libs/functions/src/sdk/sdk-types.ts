// The declaration file of the SDK package that function projects see as `@kuack/functions`. It re-exports
// runtime/types.ts (shipped as types.d.ts) and declares the runtime API in sdk-entry.ts.
export const SDK_INDEX_DTS = `export * from './types';
import type { FunctionInstance, FunctionModule, HTTPFunction, Logger } from './types';
import type { Server } from 'node:http';

export interface ServeOptions {
  /** Port to listen on; 0 picks a free one. Default: $PORT, $FUNC_PORT, else 8080. */
  port?: number;
  /** Default 127.0.0.1 (0.0.0.0 when $K_SERVICE is set). */
  host?: string;
  logLevel?: 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal' | 'silent';
  /** Put the body as received on context.rawBody (default: $FUNC_INCLUDE_RAW). */
  includeRaw?: boolean;
  /** Maximum request body in bytes (default 1 MiB). */
  bodyLimit?: number;
  /** The function's folder, for ./cfg (default: the current directory). */
  root?: string;
  shutdownTimeoutMs?: number;
  stopTimeoutMs?: number;
  env?: Record<string, string | undefined>;
  log?: Logger;
}

export interface RunningFunction {
  /** e.g. http://127.0.0.1:41234/ */
  url: string;
  port: number;
  host: string;
  log: Logger;
  /** Resolves once an instance's start() finished; rejects when it threw. */
  started: Promise<void>;
  server: { server: Server; inFlight(): number };
  /** Stop accepting, finish in-flight requests, then shutdown()/stop(). */
  close(): Promise<void>;
}

/** Serves a function (its exports, or the folder to load it from) the way the Kuack runtime does. */
export declare function serve(
  target: string | FunctionModule | HTTPFunction | FunctionInstance | object,
  options?: ServeOptions,
): Promise<RunningFunction>;
`;
