import type { IncomingHttpHeaders, OutgoingHttpHeaders } from 'node:http';

/** RFC 9110 §7.6.1 connection-specific headers plus the legacy ones proxies still see. */
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'proxy-authenticate',
  'proxy-authorization',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'http2-settings',
]);

/** The header names the Connection header lists (they are hop-by-hop too). */
function connectionTokens(connection: string | string[] | undefined): string[] {
  if (connection === undefined) return [];
  const joined = Array.isArray(connection) ? connection.join(',') : connection;
  return joined
    .split(',')
    .map((t) => t.trim().toLowerCase())
    .filter((t) => t.length > 0);
}

/**
 * Copies `headers` without hop-by-hop headers. `TE: trailers` survives (gRPC needs it end to end), and with
 * `keepUpgrade` the `Connection: upgrade` / `Upgrade` pair survives for protocol switches.
 */
export function withoutHopByHop(headers: IncomingHttpHeaders, keepUpgrade = false): OutgoingHttpHeaders {
  const listed = connectionTokens(headers.connection);
  const out: OutgoingHttpHeaders = {};
  for (const name in headers) {
    const value = headers[name];
    if (value === undefined) continue;
    if (HOP_BY_HOP.has(name) || (listed.length > 0 && listed.includes(name))) continue;
    out[name] = value;
  }
  if (typeof headers.te === 'string' && headers.te.toLowerCase().includes('trailers')) out.te = 'trailers';
  if (keepUpgrade && headers.upgrade !== undefined) {
    out.connection = 'upgrade';
    out.upgrade = headers.upgrade;
  }
  return out;
}

/** Whether the request asks for a protocol switch (WebSocket, h2c upgrade). */
export function isUpgradeRequest(headers: IncomingHttpHeaders): boolean {
  return headers.upgrade !== undefined && connectionTokens(headers.connection).includes('upgrade');
}
