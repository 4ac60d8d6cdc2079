import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { writeListenShim } from './listen-shim';

// A program that believes /etc/config and /var/secret and /data exist, run with the shim and three mounts.
const PROGRAM = `
const fs = require('fs');
const out = {};
const attempt = (name, fn) => { try { out[name] = fn(); } catch (e) { out[name] = 'error ' + e.code; } };
attempt('sync', () => fs.readFileSync('/etc/config/key', 'utf8'));
attempt('url', () => fs.readFileSync(new URL('file:///etc/config/nested/../key'), 'utf8'));
attempt('list', () => fs.readdirSync('/etc/config').sort().join(','));
attempt('exists', () => fs.existsSync('/var/secret/x') && !fs.existsSync('/var/secret/nope'));
attempt('roWrite', () => fs.writeFileSync('/etc/config/new', 'x'));
fs.writeFileSync('/data/written', 'by the program');
attempt('stream', () => 'started');
(async () => {
  out.promises = await fs.promises.readFile('/var/secret/x', 'utf8');
  out.roPromise = await fs.promises.writeFile('/var/secret/y', 'x').then(() => 'written', (e) => 'error ' + e.code);
  out.cb = await new Promise((r) => fs.readFile('/etc/config/key', 'utf8', (e, d) => r(e ? 'error ' + e.code : d)));
  out.streamed = await new Promise((r) => { let t = ''; fs.createReadStream('/var/secret/x', 'utf8').on('data', (c) => (t += c)).on('end', () => r(t)); });
  out.elsewhere = fs.existsSync('/etc/hostname-does-not-exist-kuack');
  console.log(JSON.stringify(out));
})();
`;

describe('volume shim', () => {
  it('sends fs calls under each mountPath to the volume folder; writes to a read-only mount fail with EROFS', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'kubelet-volume-shim-'));
    const config = path.join(dir, 'vol', 'config');
    const secret = path.join(dir, 'vol', 'secret');
    const data = path.join(dir, 'vol', 'data');
    for (const d of [config, secret, data]) mkdirSync(d, { recursive: true });
    writeFileSync(path.join(config, 'key'), 'value-from-configmap');
    writeFileSync(path.join(config, 'other'), 'o');
    writeFileSync(path.join(secret, 'x'), 's3cret');
    const shim = await writeListenShim(path.join(dir, 'shim'));
    const mounts = [
      { mountPath: '/etc/config', hostPath: config, readOnly: true },
      { mountPath: '/var/secret/', hostPath: secret, readOnly: true },
      { mountPath: '/data', hostPath: data, readOnly: false },
    ];
    const { stdout } = await promisify(execFile)(process.execPath, ['-e', PROGRAM], {
      env: {
        PATH: process.env.PATH,
        NODE_OPTIONS: `--require ${shim}`,
        KUACK_VOLUME_MOUNTS: JSON.stringify(mounts),
      },
    });
    expect(JSON.parse(stdout)).toEqual({
      sync: 'value-from-configmap',
      url: 'value-from-configmap',
      list: 'key,other',
      exists: true,
      roWrite: 'error EROFS',
      stream: 'started',
      promises: 's3cret',
      roPromise: 'error EROFS',
      cb: 'value-from-configmap',
      streamed: 's3cret',
      elsewhere: false,
    });
    expect(readFileSync(path.join(data, 'written'), 'utf8')).toBe('by the program');
    const esm = await promisify(execFile)(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        "import { readFileSync } from 'node:fs'; import { readFile } from 'node:fs/promises'; console.log(readFileSync('/etc/config/key', 'utf8'), await readFile('/var/secret/x', 'utf8'))",
      ],
      {
        env: {
          PATH: process.env.PATH,
          NODE_OPTIONS: `--require ${shim}`,
          KUACK_VOLUME_MOUNTS: JSON.stringify(mounts),
        },
      },
    );
    expect(esm.stdout).toBe('value-from-configmap s3cret\n');
  });
});
