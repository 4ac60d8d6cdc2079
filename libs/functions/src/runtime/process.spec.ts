import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { nextFreePort } from '../run/address';
import { ensureFunctionSdk } from '../sdk/ensure-sdk';

// The runtime as a process: the bundled entry (dist/functions-sdk/runtime.js) serving a folder.
jest.setTimeout(60_000);
const REPO_ROOT = path.resolve(__dirname, '../../../..');
const FIXTURES = path.join(__dirname, 'testing/fixtures');
let runtimeFile: string;
const children: ChildProcess[] = [];

beforeAll(async () => {
  runtimeFile = (await ensureFunctionSdk(REPO_ROOT)).runtimeFile;
});
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
});

async function startRuntime(root: string, env: Record<string, string> = {}) {
  const port = await nextFreePort('127.0.0.1', 20_000 + Math.floor(Math.random() * 20_000));
  const child = spawn(process.execPath, [runtimeFile, root], {
    env: { ...process.env, PORT: String(port), FUNC_LOG_LEVEL: 'silent', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let stderr = '';
  child.stderr?.on('data', (c) => (stderr += c));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = `http://127.0.0.1:${port}/`;
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) throw new Error(`runtime exited: ${stderr}`);
    if ((await get(`${url}health/readiness`).catch(() => 0)) === 200) break;
    if (i > 500) throw new Error('runtime not ready');
    await new Promise((r) => setTimeout(r, 20));
  }
  return { url, child, exited, stderr: () => stderr };
}

function get(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { agent: false }, (res) => (res.resume(), resolve(res.statusCode ?? 0)))
      .once('error', reject);
  });
}

describe('the runtime process', () => {
  it('runs a Knative-style Node function (module.exports = { handle }) unchanged', async () => {
    const fn = await startRuntime(path.join(FIXTURES, 'knative-http'));
    const posted = await fetch(fn.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"name":"tiger"}',
    });
    expect([posted.status, posted.headers.get('content-type'), await posted.text()]).toEqual([
      200,
      'text/plain',
      'Hello tiger',
    ]);
    const got = await fetch(`${fn.url}?a=1`);
    expect(await got.json()).toEqual({ query: { a: '1' }, httpVersion: '1.1' });
  });

  it('runs a Knative CloudEvent function returning a cloudevents CloudEvent, replying in binary mode', async () => {
    const fn = await startRuntime(path.join(FIXTURES, 'knative-cloudevents'));
    const res = await fetch(fn.url, {
      method: 'POST',
      headers: { 'content-type': 'application/cloudevents+json' },
      body: JSON.stringify({
        specversion: '1.0',
        id: '1',
        source: '/s',
        type: 't',
        datacontenttype: 'application/json',
        data: { n: 1 },
      }),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('ce-type')).toBe('function.response');
    expect(res.headers.get('ce-source')).toBe('function');
    expect(res.headers.get('ce-id')).toBeTruthy();
    expect(await res.json()).toEqual({ message: 'OK', got: { n: 1 } });
  });

  it('runs an ES module function ("type": "module")', async () => {
    const fn = await startRuntime(path.join(FIXTURES, 'esm'));
    expect(await (await fetch(fn.url)).text()).toBe('esm GET');
  });

  it('SIGTERM during an in-flight request: the request completes, shutdown() runs, the process exits 0', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kuack-sigterm-'));
    const fn = await startRuntime(path.join(FIXTURES, 'slow'), { MARKER_DIR: dir });
    const inFlight = fetch(`${fn.url}?dir=${encodeURIComponent(dir)}`).then(async (r) => [
      r.status,
      await r.text(),
    ]);
    while (!fs.existsSync(path.join(dir, 'started'))) await new Promise((r) => setTimeout(r, 10));
    fn.child.kill('SIGTERM');
    // The listener closes at once: a new connection is refused while the old request is still running.
    for (
      let i = 0;
      i < 200 &&
      (await get(`${fn.url}health/liveness`).then(
        () => true,
        () => false,
      ));
      i++
    ) {
      await new Promise((r) => setTimeout(r, 10));
    }
    await expect(get(`${fn.url}health/liveness`)).rejects.toThrow();
    expect(fs.existsSync(path.join(dir, 'shutdown'))).toBe(false);
    fs.writeFileSync(path.join(dir, 'release'), '');
    expect(await inFlight).toEqual([200, 'finished']);
    expect(await fn.exited).toBe(0);
    expect(fs.existsSync(path.join(dir, 'shutdown'))).toBe(true);
  });

  it('exits 1 with a message naming the problem when the folder holds no function', async () => {
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'kuack-nofn-'));
    const child = spawn(process.execPath, [runtimeFile, empty], {
      env: { ...process.env, PORT: '0' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    children.push(child);
    let stderr = '';
    child.stderr?.on('data', (c) => (stderr += c));
    const code = await new Promise((resolve) => child.once('exit', resolve));
    expect(code).toBe(1);
    expect(stderr).toContain(`no function in ${empty}: set "main" in package.json or add index.js`);
  });

  it('an instance whose start() throws stops the process with exit 1', async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'kuack-startfail-'));
    fs.writeFileSync(
      path.join(root, 'index.js'),
      "module.exports = { New: () => ({ handle: () => new Response('x'), start: async () => { throw new Error('database unreachable'); } }) };",
    );
    const child = spawn(process.execPath, [runtimeFile, root], {
      env: { ...process.env, PORT: '0' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    children.push(child);
    let stderr = '';
    child.stderr?.on('data', (c) => (stderr += c));
    const code = await new Promise((resolve) => child.once('exit', resolve));
    expect(code).toBe(1);
    expect(stderr).toContain('start() failed: database unreachable');
  });
});
