import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import type { Stat, StatMessage } from './stat';

export const STATS_PATH = '/v1/stats';
export const DEFAULT_MAX_STATS_BODY_BYTES = 1024 * 1024;

export class StatValidationError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
  }
}

const NUMBER_FIELDS = [
  'averageConcurrentRequests',
  'averageProxiedConcurrentRequests',
  'requestCount',
  'proxiedRequestCount',
] as const;

/** Validates one Stat (a queue-proxy's `GET /stats` answer or a pushed one); errors name `${field}.<name>`. */
export function parseStat(stat: unknown, field = 'stat'): Stat {
  if (typeof stat !== 'object' || stat === null || Array.isArray(stat))
    throw new StatValidationError(field, 'must be an object');
  const s = stat as Record<string, unknown>;
  if (typeof s.podName !== 'string') throw new StatValidationError(`${field}.podName`, 'must be a string');
  for (const f of NUMBER_FIELDS) {
    const v = s[f];
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0)
      throw new StatValidationError(`${field}.${f}`, 'must be a non-negative number');
  }
  if (
    s.processUptime !== undefined &&
    (typeof s.processUptime !== 'number' || !Number.isFinite(s.processUptime))
  )
    throw new StatValidationError(`${field}.processUptime`, 'must be a number when present');
  if (typeof s.timestamp !== 'number' || !Number.isFinite(s.timestamp))
    throw new StatValidationError(`${field}.timestamp`, 'must be a number (ms since the epoch)');
  const out: Stat = {
    podName: s.podName,
    averageConcurrentRequests: s.averageConcurrentRequests as number,
    averageProxiedConcurrentRequests: s.averageProxiedConcurrentRequests as number,
    requestCount: s.requestCount as number,
    proxiedRequestCount: s.proxiedRequestCount as number,
    timestamp: s.timestamp,
  };
  if (s.processUptime !== undefined) out.processUptime = s.processUptime as number;
  return out;
}

/** Validates a decoded `POST /v1/stats` body; the error names the first bad field (e.g. `[0].stat.requestCount`). */
export function parseStatMessages(body: unknown): StatMessage[] {
  if (!Array.isArray(body)) throw new StatValidationError('body', 'must be a JSON array of StatMessage');
  return body.map((m: unknown, i) => {
    const at = `[${i}]`;
    if (typeof m !== 'object' || m === null || Array.isArray(m))
      throw new StatValidationError(at, 'must be an object');
    const { key, stat } = m as Record<string, unknown>;
    if (typeof key !== 'string' || !/^[^/\s]+\/[^/\s]+$/.test(key))
      throw new StatValidationError(`${at}.key`, 'must be "<namespace>/<revision>"');
    return { key, stat: parseStat(stat, `${at}.stat`) };
  });
}

export interface StatsHandlerOptions {
  /** Called with every valid message, in order (record into the collector, poke the autoscaler). */
  onStat(message: StatMessage): void;
  maxBodyBytes?: number;
  logger?: Logger;
}

function reply(
  res: ServerResponse,
  status: number,
  message: string,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', ...headers });
  res.end(`${message}\n`);
}

/**
 * node:http handler of the autoscaler's stats endpoint: `POST /v1/stats` with a JSON `StatMessage[]` →
 * 202; 400 naming the field on a bad body; 413 above `maxBodyBytes` (1 MiB); 405 for another method on the
 * path; 404 elsewhere. Mountable under express as well (it never calls next).
 */
export function statsHandler(
  options: StatsHandlerOptions,
): (req: IncomingMessage, res: ServerResponse) => void {
  const limit = options.maxBodyBytes ?? DEFAULT_MAX_STATS_BODY_BYTES;
  return (req, res) => {
    const path = (req.url ?? '').split('?')[0];
    if (path !== STATS_PATH) return reply(res, 404, `not found: ${path}`);
    if (req.method !== 'POST')
      return reply(res, 405, `method ${req.method} not allowed on ${STATS_PATH}`, { allow: 'POST' });
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > limit) {
      reply(res, 413, `body of ${declared} bytes exceeds the limit of ${limit} bytes`, {
        connection: 'close',
      });
      req.resume();
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (c: Buffer) => {
      if (tooLarge) return;
      size += c.length;
      if (size > limit) {
        tooLarge = true;
        reply(res, 413, `body exceeds the limit of ${limit} bytes`, { connection: 'close' });
        return;
      }
      chunks.push(c);
    });
    req.on('error', () => res.destroy());
    req.on('end', () => {
      if (tooLarge) return;
      let decoded: unknown;
      try {
        decoded = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch (err) {
        return reply(res, 400, `body: invalid JSON: ${(err as Error).message}`);
      }
      let messages: StatMessage[];
      try {
        messages = parseStatMessages(decoded);
      } catch (err) {
        if (err instanceof StatValidationError) return reply(res, 400, err.message);
        throw err;
      }
      for (const m of messages) {
        try {
          options.onStat(m);
        } catch (err) {
          options.logger?.error({ key: m.key, err: (err as Error).message }, 'recording a stat failed');
        }
      }
      res.writeHead(202).end();
    });
  };
}
