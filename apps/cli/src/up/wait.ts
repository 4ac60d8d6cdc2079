import http from 'node:http';
import net from 'node:net';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function connects(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** Resolves once something accepts TCP connections on host:port. */
export async function waitForPort(host: string, port: number, signal: AbortSignal): Promise<void> {
  while (!signal.aborted) {
    if (await connects(host, port)) return;
    await sleep(100);
  }
  throw new Error(`stopped waiting for ${host}:${port}`);
}

function answers200(url: string, headers: Record<string, string>): Promise<boolean> {
  return new Promise((resolve) => {
    const req = http.get(url, { headers, timeout: 1000 }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on('error', () => resolve(false));
    req.on('timeout', () => req.destroy());
  });
}

/** Resolves once a GET of url (with headers) answers 200. */
export async function waitForHttp(
  url: string,
  headers: Record<string, string>,
  signal: AbortSignal,
): Promise<void> {
  while (!signal.aborted) {
    if (await answers200(url, headers)) return;
    await sleep(100);
  }
  throw new Error(`stopped waiting for ${url} to answer 200`);
}
