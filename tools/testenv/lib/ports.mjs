// Loopback ports: refusing to start on a port someone else holds, and picking free ones.
import net from 'node:net';

import { HOST } from './config.mjs';
import { tcpOpen } from './health.mjs';

/** Fails naming the port when another process already listens on it. @param {Record<string, number>} ports */
export async function assertPortsFree(ports) {
  for (const [what, port] of Object.entries(ports)) {
    if (await tcpOpen(port, HOST)) {
      throw new Error(
        `port ${HOST}:${port} (${what}) is held by a process the testenv did not start ` +
          `(see \`ss -ltnp 'sport = :${port}'\`); stop it, or move all testenv ports with KUACK_TESTENV_PORT_OFFSET`,
      );
    }
  }
}

// Ports for private control planes come from below the kernel's ephemeral range (32768+): a server that is
// stopped and restarted on the same port must not find it taken meanwhile as the local port of some
// outgoing connection, which happens on a busy machine.
const LOW_RANGE = { from: 20000, to: 32000 };

/** Whether a server can listen on 127.0.0.1:port right now. @param {number} port @returns {Promise<boolean>} */
function canListen(port) {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, HOST, () => server.close(() => resolve(true)));
  });
}

/**
 * A random free port in 20000-31999 that is none of `exclude` (the testenv's fixed ports).
 * @param {Set<number>} exclude @returns {Promise<number>}
 */
export async function freeLowPort(exclude) {
  for (let attempt = 0; attempt < 100; attempt++) {
    const port = LOW_RANGE.from + Math.floor(Math.random() * (LOW_RANGE.to - LOW_RANGE.from));
    if (!exclude.has(port) && (await canListen(port))) return port;
  }
  throw new Error(`no free port found in ${LOW_RANGE.from}-${LOW_RANGE.to - 1}`);
}
