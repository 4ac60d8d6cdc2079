import http from 'node:http';
import https from 'node:https';
import net from 'node:net';

/** One user readiness check as the queue-proxy runs it. */
export type ReadinessCheck =
  | { kind: 'tcp'; host: string; port: number }
  | {
      kind: 'http';
      host: string;
      port: number;
      path: string;
      scheme: 'http' | 'https';
      headers: Array<[string, string]>;
    };

export interface ReadinessProbeSpec {
  checks: ReadinessCheck[];
  /** 0 = Knative's "probe aggressively" (no period given). */
  periodMs: number;
  timeoutMs: number;
  successThreshold: number;
  failureThreshold: number;
}

const LOCAL_HOSTS = new Set(['', '127.0.0.1', 'localhost', '::1', '0.0.0.0']);

function fail(field: string, message: string): never {
  throw new Error(`SERVING_READINESS_PROBE${field}: ${message}`);
}

function port(value: unknown, field: string): number {
  const n = typeof value === 'string' && /^[0-9]+$/.test(value) ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > 65535) {
    fail(field, `must be a port number (1-65535), got ${JSON.stringify(value)}`);
  }
  return n;
}

/** A local host of the probe means the Pod: the user container listens on the Pod IP (node agent's shim). */
function probeHost(host: unknown, podIP: string): string {
  return typeof host !== 'string' || LOCAL_HOSTS.has(host) ? podIP : host;
}

function positive(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : fallback;
}

function checkOf(p: Record<string, unknown>, podIP: string, at: string): ReadinessCheck {
  if (p.httpGet && typeof p.httpGet === 'object') {
    const h = p.httpGet as Record<string, unknown>;
    const headers = Array.isArray(h.httpHeaders)
      ? (h.httpHeaders as Array<Record<string, unknown>>).map((x, i): [string, string] => {
          if (typeof x?.name !== 'string') fail(`${at}.httpGet.httpHeaders[${i}].name`, 'must be a string');
          return [x.name as string, String(x.value ?? '')];
        })
      : [];
    const scheme = String(h.scheme ?? 'HTTP').toLowerCase();
    if (scheme !== 'http' && scheme !== 'https')
      fail(`${at}.httpGet.scheme`, `must be HTTP or HTTPS, got ${String(h.scheme)}`);
    const path = typeof h.path === 'string' && h.path !== '' ? h.path : '/';
    return {
      kind: 'http',
      host: probeHost(h.host, podIP),
      port: port(h.port, `${at}.httpGet.port`),
      path: path.startsWith('/') ? path : `/${path}`,
      scheme,
      headers,
    };
  }
  if (p.tcpSocket && typeof p.tcpSocket === 'object') {
    const t = p.tcpSocket as Record<string, unknown>;
    return { kind: 'tcp', host: probeHost(t.host, podIP), port: port(t.port, `${at}.tcpSocket.port`) };
  }
  if (p.grpc && typeof p.grpc === 'object') {
    // No gRPC client here: a gRPC probe is checked as a TCP connect to its port.
    return {
      kind: 'tcp',
      host: podIP,
      port: port((p.grpc as Record<string, unknown>).port, `${at}.grpc.port`),
    };
  }
  if (p.exec) fail(at, 'exec probes run in the user container, not in the queue-proxy');
  return fail(at, 'needs httpGet, tcpSocket or grpc');
}

/**
 * Parses SERVING_READINESS_PROBE (a core/v1 Probe, or an array of them for several containers) into checks;
 * errors name the field.
 */
export function parseReadinessProbe(json: string, podIP: string): ReadinessProbeSpec {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (err) {
    fail('', `is not JSON (${(err as Error).message})`);
  }
  const probes = Array.isArray(value) ? value : [value];
  if (probes.length === 0) fail('', 'has no probe');
  probes.forEach((p, i) => {
    if (typeof p !== 'object' || p === null) fail(Array.isArray(value) ? `[${i}]` : '', 'must be an object');
  });
  const records = probes as Array<Record<string, unknown>>;
  const checks = records.map((p, i) => checkOf(p, podIP, Array.isArray(value) ? `[${i}]` : ''));
  const first = records[0];
  return {
    checks,
    periodMs: positive(first.periodSeconds, 0) * 1000,
    timeoutMs: positive(first.timeoutSeconds, 1) * 1000,
    successThreshold: Math.floor(positive(first.successThreshold, 1)),
    failureThreshold: Math.floor(positive(first.failureThreshold, 3)),
  };
}

function tcpCheck(host: string, p: number, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const sock = net.connect({ host, port: p });
    const done = (ok: boolean) => {
      clearTimeout(timer);
      sock.destroy();
      resolve(ok);
    };
    const timer = setTimeout(() => done(false), timeoutMs);
    sock.once('connect', () => done(true));
    sock.once('error', () => done(false));
  });
}

function httpCheck(check: Extract<ReadinessCheck, { kind: 'http' }>, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    let settled = false;
    const done = (ok: boolean) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      req.destroy();
      resolve(ok);
    };
    const headers: Record<string, string> = { 'user-agent': 'kube-probe/kuack', accept: '*/*' };
    for (const [name, value] of check.headers) headers[name.toLowerCase()] = value;
    const req = (check.scheme === 'https' ? https : http).request(
      {
        host: check.host,
        port: check.port,
        path: check.path,
        method: 'GET',
        headers,
        agent: false,
        // The kubelet does not verify certificates of HTTPS probes either.
        rejectUnauthorized: false,
      },
      (res) => {
        res.resume();
        const status = res.statusCode ?? 0;
        done(status >= 200 && status < 400);
      },
    );
    const timer = setTimeout(() => done(false), timeoutMs);
    req.on('error', () => done(false));
    req.end();
  });
}

/** Runs every check once; true when all pass within timeoutMs. */
export async function runReadinessChecks(
  checks: readonly ReadinessCheck[],
  timeoutMs: number,
): Promise<boolean> {
  const results = await Promise.all(
    checks.map((c) => (c.kind === 'tcp' ? tcpCheck(c.host, c.port, timeoutMs) : httpCheck(c, timeoutMs))),
  );
  return results.every(Boolean);
}
