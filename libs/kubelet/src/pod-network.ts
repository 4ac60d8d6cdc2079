import net from 'node:net';
import { formatIpv4, parseCidr } from './ip-pool';

/**
 * Fails with the fix when Pods could not bind addresses of `cidr`: outside 127.0.0.0/8 the range must be routed to
 * `lo` (`ip route add local <cidr> dev lo`), which the test environment does for KUACK_POD_CIDR (ADR 0015).
 */
export async function assertPodCidrBindable(cidr: string): Promise<void> {
  const address = formatIpv4(parseCidr(cidr).first);
  const server = net.createServer();
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, address, resolve);
    });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new Error(
      `pod CIDR ${cidr}: cannot bind ${address} (${code ?? (err as Error).message}); ` +
        `route the range to this machine first, as root: ip route add local ${cidr} dev lo`,
    );
  } finally {
    server.close();
  }
}
