import http from 'node:http';
import https from 'node:https';

export interface KeepAliveAgentOptions {
  /** Sockets per upstream host:port (default unlimited: the breakers bound concurrency, not the pool). */
  maxSockets?: number;
  /** Idle sockets kept per host:port. */
  maxFreeSockets?: number;
}

/** A keep-alive pool that reuses the most recent socket first (fewer idle sockets go stale). */
export function createKeepAliveAgent(opts: KeepAliveAgentOptions = {}): http.Agent {
  return new http.Agent({
    keepAlive: true,
    keepAliveMsecs: 1000,
    maxSockets: opts.maxSockets ?? Infinity,
    maxFreeSockets: opts.maxFreeSockets ?? 256,
    scheduling: 'lifo',
  });
}

/** The TLS variant; certificate verification stays on. */
export function createKeepAliveHttpsAgent(
  opts: KeepAliveAgentOptions & https.AgentOptions = {},
): https.Agent {
  return new https.Agent({
    keepAlive: true,
    keepAliveMsecs: 1000,
    scheduling: 'lifo',
    ...opts,
    maxSockets: opts.maxSockets ?? Infinity,
    maxFreeSockets: opts.maxFreeSockets ?? 256,
  });
}

let shared: http.Agent | undefined;
/** The process-wide keep-alive agent `proxyRequest` uses when none is given. */
export function defaultProxyAgent(): http.Agent {
  shared ??= createKeepAliveAgent();
  return shared;
}
