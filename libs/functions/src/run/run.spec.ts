import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { nextFreePort, parseAddress } from './address';
import { localRuns, recordRun } from './run-registry';

describe('parseAddress', () => {
  it.each([
    ['127.0.0.1:8080', { host: '127.0.0.1', port: 8080 }],
    ['[::1]:9000', { host: '::1', port: 9000 }],
    [':8081', { host: '127.0.0.1', port: 8081 }],
    ['8082', { host: '127.0.0.1', port: 8082 }],
  ])('%s', (address, expected) => expect(parseAddress(address)).toEqual(expected));

  it.each(['localhost', '1.2.3.4:99999', 'a:b'])('refuses %s naming --address', (address) => {
    expect(() => parseAddress(address)).toThrow(`--address: "${address}" is not host:port`);
  });
});

describe('nextFreePort', () => {
  it('skips a port in use', async () => {
    const server = net.createServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const port = (server.address() as net.AddressInfo).port;
    try {
      expect(await nextFreePort('127.0.0.1', port)).toBeGreaterThan(port);
    } finally {
      server.close();
    }
  });
});

describe('the local run registry (.func/runs/<port>)', () => {
  it('lists live runs, drops records of processes that are gone, and reads Knative-written bare port folders', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'kuack-runs-'));
    recordRun(root, { port: 8081, url: 'http://127.0.0.1:8081/', pid: process.pid });
    recordRun(root, { port: 8082, url: 'http://127.0.0.1:8082/', pid: 2 ** 22 + 12345 });
    fs.mkdirSync(path.join(root, '.func/runs/8083'));
    expect(localRuns(root)).toEqual([
      { port: 8081, url: 'http://127.0.0.1:8081/', pid: process.pid },
      { port: 8083, url: 'http://localhost:8083/', pid: undefined },
    ]);
    expect(fs.existsSync(path.join(root, '.func/runs/8082'))).toBe(false);
  });
});
