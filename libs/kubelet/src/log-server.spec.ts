import fs from 'node:fs';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { type LogServer, startLogServer, tailLines } from './log-server';
import type { Pod } from './pod.types';
import { containerLogPath } from './pod-worker';

const pod: Pod = {
  metadata: { name: 'web', namespace: 'ns', uid: 'u1' },
  spec: { containers: [{ name: 'app', image: 'x' }] },
};

function get(port: number, urlPath: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    https
      .get({ host: '127.0.0.1', port, path: urlPath, rejectUnauthorized: false, agent: false }, (res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      })
      .on('error', reject);
  });
}

describe('log server (/containerLogs for the kube-apiserver)', () => {
  let server: LogServer;
  let dir: string;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubelet-log-server-'));
    for (const [restart, text] of [
      [0, 'first run\n'],
      [1, 'one\ntwo\nthree\n'],
    ] as const) {
      const file = containerLogPath(dir, pod, 'app', restart);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, text);
    }
    server = await startLogServer({
      host: '127.0.0.1',
      port: 0,
      podsLogDir: dir,
      findPod: (ns, name) => (ns === 'ns' && name === 'web' ? pod : undefined),
    });
  });
  afterAll(() => server?.close());

  it('serves the current log, --tail, --previous and --limit-bytes', async () => {
    expect(await get(server.port, '/containerLogs/ns/web/app')).toEqual({
      status: 200,
      body: 'one\ntwo\nthree\n',
    });
    expect((await get(server.port, '/containerLogs/ns/web/app?tailLines=2')).body).toBe('two\nthree\n');
    expect((await get(server.port, '/containerLogs/ns/web/app?previous=true')).body).toBe('first run\n');
    expect((await get(server.port, '/containerLogs/ns/web/app?limitBytes=5')).body).toBe('one\nt');
  });

  it('follows new output until the container restarts (a newer log file)', async () => {
    const done = get(server.port, '/containerLogs/ns/web/app?follow=true&tailLines=1');
    await new Promise((r) => setTimeout(r, 400));
    fs.appendFileSync(containerLogPath(dir, pod, 'app', 1), 'four\n');
    await new Promise((r) => setTimeout(r, 400));
    fs.writeFileSync(containerLogPath(dir, pod, 'app', 2), 'next run\n');
    expect(await done).toEqual({ status: 200, body: 'three\nfour\n' });
  });

  it('answers 404/400 with the reason', async () => {
    expect(await get(server.port, '/containerLogs/ns/other/app')).toEqual({
      status: 404,
      body: 'pod "other" not found in namespace "ns" on this node',
    });
    expect(await get(server.port, '/containerLogs/ns/web/nope')).toEqual({
      status: 400,
      body: 'container nope is not valid for pod web',
    });
    expect((await get(server.port, '/metrics')).status).toBe(404);
  });

  it('tailLines keeps the trailing newline', () => {
    expect(tailLines('a\nb\nc\n', 2)).toBe('b\nc\n');
    expect(tailLines('a\nb', 1)).toBe('b');
    expect(tailLines('a\n', 0)).toBe('');
  });
});
