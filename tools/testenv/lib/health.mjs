// Waiting until a started service answers, and the probes used for it.
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';

/**
 * Polls `probe` until it returns true. Fails early when `alive()` says the process has exited.
 * @param {string} what e.g. "kube-apiserver /readyz"
 * @param {() => Promise<boolean>} probe
 * @param {{ timeoutMs: number, alive?: () => boolean, intervalMs?: number }} options
 */
export async function waitUntil(what, probe, { timeoutMs, alive = () => true, intervalMs = 250 }) {
  const deadline = Date.now() + timeoutMs;
  let lastError = 'no answer yet';
  for (;;) {
    try {
      if (await probe()) return;
    } catch (error) {
      lastError = error instanceof Error ? error.message : String(error);
    }
    if (!alive())
      throw new Error(`${what}: the process exited before it was ready (last probe: ${lastError})`);
    if (Date.now() > deadline)
      throw new Error(`${what}: not ready after ${timeoutMs / 1000} s (last probe: ${lastError})`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/** Whether something accepts TCP connections on host:port. @param {number} port */
export function tcpOpen(port, host = '127.0.0.1', timeoutMs = 1000) {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host });
    const done = (/** @type {boolean} */ open) => {
      socket.destroy();
      resolve(open);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/**
 * A GET returning status and body; `tls` carries https options (ca, cert, key, rejectUnauthorized).
 * @param {string} url
 * @param {{ tls?: import('node:https').RequestOptions, headers?: Record<string, string>, timeoutMs?: number }} [options]
 * @returns {Promise<{ status: number, body: string }>}
 */
export function httpGet(url, { tls, headers, timeoutMs = 3000 } = {}) {
  const client = url.startsWith('https:') ? https : http;
  return new Promise((resolve, reject) => {
    const request = client.get(url, { ...tls, headers, timeout: timeoutMs, agent: false }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
      response.on('error', reject);
    });
    request.on('timeout', () => request.destroy(new Error(`GET ${url}: timed out`)));
    request.on('error', reject);
  });
}
