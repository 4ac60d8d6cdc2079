import net from 'node:net';

export const DEFAULT_RUN_ADDRESS = '127.0.0.1:8080';

/** `host:port` (or `[v6]:port`, or just a port) → its parts; the error names --address. */
export function parseAddress(address: string): { host: string; port: number } {
  const match = /^(?:\[([^\]]+)\]|([^:]*)):(\d+)$/.exec(address) ?? /^()()(\d+)$/.exec(address);
  const port = match ? Number(match[3]) : NaN;
  if (!match || !Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`--address: "${address}" is not host:port (e.g. 127.0.0.1:8080)`);
  }
  return { host: match[1] || match[2] || '127.0.0.1', port };
}

export function isPortFree(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, host, () => probe.close(() => resolve(true)));
  });
}

/** `port` when free, else the next free one above it (Knative's func run does the same with 8080). */
export async function nextFreePort(host: string, port: number, attempts = 100): Promise<number> {
  for (let candidate = port; candidate < port + attempts && candidate <= 65535; candidate++) {
    if (await isPortFree(host, candidate)) return candidate;
  }
  throw new Error(`no free port on ${host} between ${port} and ${port + attempts - 1}`);
}
