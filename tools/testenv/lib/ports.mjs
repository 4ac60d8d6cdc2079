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

/** A port the kernel considers free on 127.0.0.1 right now. @returns {Promise<number>} */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, HOST, () => {
      const address = server.address();
      server.close(() => (address && typeof address === 'object' ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}
