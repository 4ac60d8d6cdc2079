import type { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { Agent, request, type Dispatcher } from 'undici';

export type HttpMethod = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface HttpRequest {
  method: HttpMethod;
  url: URL;
  headers?: Record<string, string>;
  /** A function, so the body can be produced again for a retry; a body that cannot be replayed gets one try. */
  body?: () => Buffer | Readable;
  /** False when `body` yields a one-shot stream. Default true. */
  replayable?: boolean;
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Readable;
  url: URL;
}

export interface RetryPolicy {
  /** Total tries, first included. Default 4. */
  attempts: number;
  /** First backoff; doubles each retry, with jitter. Default 250 ms. */
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 4, baseDelayMs: 250, maxDelayMs: 5_000 };

const RETRYABLE_ERROR_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  'ETIMEDOUT',
  'EAI_AGAIN',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'UND_ERR_CLOSED',
]);

/** Connection-level failures worth another try (the request may not have reached the server). */
export function isRetryableError(err: unknown): boolean {
  const e = err as { code?: string; cause?: { code?: string } };
  return RETRYABLE_ERROR_CODES.has(e?.code ?? '') || RETRYABLE_ERROR_CODES.has(e?.cause?.code ?? '');
}

/** Only 5xx is transient; a 4xx (429 included: rate limits reset in minutes, not seconds) is returned at once. */
export function isRetryableStatus(status: number): boolean {
  return status >= 500;
}

export function backoffDelay(policy: RetryPolicy, retry: number, random = Math.random): number {
  const exp = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** retry);
  return Math.round(exp / 2 + (random() * exp) / 2);
}

/**
 * HTTP for the registry client: keep-alive pool, retries with backoff on connection errors and 5xx, bodies
 * streamed both ways. Redirects are returned to the caller (it decides whether credentials follow).
 */
export class Transport {
  private readonly dispatcher: Dispatcher;

  constructor(
    readonly retry: RetryPolicy = DEFAULT_RETRY,
    dispatcher?: Dispatcher,
  ) {
    this.dispatcher = dispatcher ?? new Agent({ keepAliveTimeout: 10_000, connections: 16 });
  }

  async send(req: HttpRequest): Promise<HttpResponse> {
    const attempts = req.body && req.replayable === false ? 1 : this.retry.attempts;
    let lastError: unknown;
    for (let attempt = 0; attempt < attempts; attempt++) {
      if (attempt > 0) await sleep(backoffDelay(this.retry, attempt - 1));
      try {
        const res = await request(req.url, {
          method: req.method,
          headers: req.headers,
          body: req.body?.(),
          dispatcher: this.dispatcher,
        });
        const response: HttpResponse = {
          status: res.statusCode,
          headers: res.headers,
          body: res.body as unknown as Readable,
          url: req.url,
        };
        if (isRetryableStatus(res.statusCode) && attempt + 1 < attempts) {
          await res.body.dump().catch(() => undefined);
          lastError = undefined;
          continue;
        }
        return response;
      } catch (err) {
        lastError = err;
        if (!isRetryableError(err) || attempt + 1 >= attempts) break;
      }
    }
    const cause = lastError as Error;
    throw new Error(`${req.method} ${req.url.origin}${req.url.pathname}: ${cause?.message ?? 'failed'}`, {
      cause,
    });
  }

  async close(): Promise<void> {
    await this.dispatcher.close();
  }
}

export function header(res: HttpResponse, name: string): string | undefined {
  const value = res.headers[name.toLowerCase()];
  return Array.isArray(value) ? value.join(', ') : value;
}

export async function readBodyText(res: HttpResponse, limit = 1 << 20): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of res.body) {
    size += (chunk as Buffer).length;
    if (size > limit) {
      res.body.destroy();
      throw new Error(`response from ${res.url.origin}${res.url.pathname} is larger than ${limit} bytes`);
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export async function readBodyBytes(res: HttpResponse, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of res.body) {
    size += (chunk as Buffer).length;
    if (size > limit) {
      res.body.destroy();
      throw new Error(`response from ${res.url.origin}${res.url.pathname} is larger than ${limit} bytes`);
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

export async function discardBody(res: HttpResponse): Promise<void> {
  res.body.resume();
  await new Promise<void>((resolve) => {
    if (res.body.readableEnded || res.body.destroyed) resolve();
    else
      res.body
        .once('end', resolve)
        .once('error', () => resolve())
        .once('close', resolve);
  });
}
