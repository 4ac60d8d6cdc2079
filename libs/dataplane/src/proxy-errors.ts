/** The upstream did not start its response within the proxy's timeout. */
export class UpstreamTimeoutError extends Error {
  readonly code = 'UPSTREAM_TIMEOUT';
  constructor(readonly timeoutMs: number) {
    super(`upstream sent no response within ${timeoutMs} ms`);
    this.name = 'UpstreamTimeoutError';
  }
}

const TIMEOUT_CODES = new Set([
  'UPSTREAM_TIMEOUT',
  'ETIMEDOUT',
  'ESOCKETTIMEDOUT',
  'UND_ERR_HEADERS_TIMEOUT',
]);

/**
 * The status a proxy answers when the upstream failed before its response started: 504 for timeouts,
 * 502 for everything else (refused, reset, DNS failure, a malformed response).
 */
export function statusForUpstreamError(err: unknown): 502 | 504 {
  const code = (err as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' && TIMEOUT_CODES.has(code) ? 504 : 502;
}

/** A short plain-text explanation for the error response body. */
export function messageForUpstreamError(err: unknown): string {
  const e = err as { code?: unknown; message?: unknown } | undefined;
  if (statusForUpstreamError(err) === 504) return `upstream timeout: ${String(e?.message ?? 'no response')}`;
  const code = typeof e?.code === 'string' ? e.code : undefined;
  return `upstream connection failed${code ? `: ${code}` : ''}`;
}
