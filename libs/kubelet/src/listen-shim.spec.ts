import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { writeListenShim } from './listen-shim';

// Each program prints where it listens; the shim must turn no-host and wildcard listens into the Pod's address.
const PROGRAMS: [string, string][] = [
  [
    'listen(port)',
    `require('http').createServer((q,s)=>s.end(process.env.KUACK_POD_IP)).listen(PORT, function(){ console.log(JSON.stringify(this.address())) })`,
  ],
  [
    'listen(port, "0.0.0.0", cb)',
    `require('http').createServer((q,s)=>s.end(process.env.KUACK_POD_IP)).listen(PORT, '0.0.0.0', function(){ console.log(JSON.stringify(this.address())) })`,
  ],
  [
    'listen({ port, host: "::" })',
    `const s=require('http').createServer((q,r)=>r.end(process.env.KUACK_POD_IP)); s.listen({ port: PORT, host: '::' }, ()=>console.log(JSON.stringify(s.address())))`,
  ],
];

function start(
  shim: string,
  ip: string,
  program: string,
): Promise<{ child: ChildProcess; address: { address: string; port: number } }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-e', program], {
      env: { ...process.env, KUACK_POD_IP: ip, NODE_OPTIONS: `--require ${shim}` },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    child.stdout!.once('data', (d: Buffer) =>
      resolve({ child, address: JSON.parse(d.toString()) as { address: string; port: number } }),
    );
    child.once('exit', (code) => reject(new Error(`program exited with ${code}`)));
  });
}

function get(host: string, port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    http
      .get({ host, port, agent: false }, (res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString()));
        res.on('end', () => resolve(body));
      })
      .on('error', reject);
  });
}

describe('listen shim', () => {
  const children: ChildProcess[] = [];
  afterAll(() => children.forEach((c) => c.kill('SIGKILL')));

  it.each(PROGRAMS)(
    'two processes that call %s on the same port both listen, each on its own address',
    async (_name, source) => {
      const shim = await writeListenShim(mkdtempSync(path.join(os.tmpdir(), 'kubelet-shim-')));
      const port = 20000 + Math.floor(Math.random() * 20000);
      const program = source.replace('PORT', String(port));
      const a = await start(shim, '127.1.200.1', program);
      children.push(a.child);
      const b = await start(shim, '127.1.200.2', program);
      children.push(b.child);
      expect([a.address.address, b.address.address]).toEqual(['127.1.200.1', '127.1.200.2']);
      expect([await get('127.1.200.1', port), await get('127.1.200.2', port)]).toEqual([
        '127.1.200.1',
        '127.1.200.2',
      ]);
    },
  );
});
