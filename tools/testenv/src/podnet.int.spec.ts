import net from 'node:net';
import { podSubnet } from './pod-subnet';
import { requireServices } from './require-services';

let podCidr: string;

beforeAll(async () => {
  podCidr = (await requireServices(['kube'])).kube.podCidr;
}, 900_000);

describe('pod network of the kube service', () => {
  it('exports a non-loopback KUACK_POD_CIDR whose addresses a process can bind and reach', async () => {
    expect(podCidr).not.toMatch(/^127\./);
    const address = podSubnet().replace(/\.0\/24$/, '.7');
    const server = net.createServer((socket) => socket.end('pong'));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, address, resolve);
    });
    try {
      const { port } = server.address() as net.AddressInfo;
      const answer = await new Promise<string>((resolve, reject) => {
        let text = '';
        net
          .connect(port, address)
          .on('data', (chunk) => (text += chunk.toString()))
          .on('end', () => resolve(text))
          .on('error', reject);
      });
      expect(answer).toBe('pong');
    } finally {
      server.close();
    }
  });
});
