import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import type { Server } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { readFunctionForBuild } from '@kuack/functions';
import { createLogger } from '@kuack/observability';
import { createBuilderApp, listen, type BuilderAppOptions } from './builder-app';
import type { BuilderSettings } from './settings';
import { HELLO_FUNCTION, sourceTarball } from './testing/source-tarball';

const TOKEN = 'test-token';
let server: Server;
let base: string;
let builds: string[];
let gate: Promise<void> | undefined;

const fakeFunctions: NonNullable<BuilderAppOptions['functions']> = {
  readFunctionForBuild,
  defaultImageName: (config, registry) => `${registry}/${config.name}:latest`,
  buildFunction: async (options) => {
    builds.push(options.image!);
    options.log?.('runtime layer reused');
    if (gate) await gate;
    if (options.image!.includes('broken')) throw new Error('npm ci failed for package-lock.json: boom');
    return { layoutDir: '/nowhere', manifests: [{ platform: 'linux/amd64', digest: 'sha256:m' }] } as never;
  },
  pushFunctionImage: async (_layout, image) => ({
    pinned: `${image.replace(/:latest$/, '')}@sha256:abc`,
    digest: 'sha256:abc',
  }),
};

async function start(overrides: Partial<BuilderSettings> = {}): Promise<void> {
  const settings: BuilderSettings = {
    host: '127.0.0.1',
    port: 0,
    token: TOKEN,
    registry: 'registry.test:5000',
    insecureRegistry: false,
    maxSourceBytes: 1 << 20,
    concurrency: 1,
    maxQueued: 1,
    ...overrides,
  };
  const { app } = createBuilderApp({
    settings,
    logger: createLogger({ name: 'test', level: 'silent' }),
    functions: fakeFunctions,
  });
  server = await listen(app, '127.0.0.1', 0);
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function post(body: Buffer, query = '', token: string | null = TOKEN): Promise<Response> {
  return fetch(`${base}/v1/builds${query}`, {
    method: 'POST',
    headers: { 'content-type': 'application/gzip', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body,
  });
}

function events(text: string): Array<Record<string, unknown>> {
  return text
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

beforeEach(() => {
  builds = [];
  gate = undefined;
});
afterEach(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('func-builder HTTP API', () => {
  it('streams the build log and ends with the pushed digest', async () => {
    await start();
    const res = await post(await sourceTarball(HELLO_FUNCTION));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('application/x-ndjson');
    expect(events(await res.text())).toEqual([
      { log: 'runtime layer reused' },
      { log: 'pushing registry.test:5000/hello-remote:latest' },
      {
        result: {
          image: 'registry.test:5000/hello-remote:latest',
          digest: 'sha256:abc',
          pinned: 'registry.test:5000/hello-remote@sha256:abc',
          platforms: ['linux/amd64'],
        },
      },
    ]);
  });

  it('reports a failed build as the last line', async () => {
    await start();
    const res = await post(await sourceTarball(HELLO_FUNCTION), '?image=registry.test:5000/broken:latest');
    expect(events(await res.text()).at(-1)).toEqual({ error: 'npm ci failed for package-lock.json: boom' });
  });

  it.each([
    [null, 401],
    ['wrong', 403],
  ])('token %p → %d, nothing built', async (token, status) => {
    await start();
    const res = await post(await sourceTarball(HELLO_FUNCTION), '', token);
    expect(res.status).toBe(status);
    if (status === 401) expect(res.headers.get('www-authenticate')).toMatch(/^Bearer /);
    expect(builds).toEqual([]);
  });

  it('answers 413 above the size limit', async () => {
    await start({ maxSourceBytes: 100 });
    const res = await post(await sourceTarball({ ...HELLO_FUNCTION, 'big.txt': 'x'.repeat(5000) }));
    expect(res.status).toBe(413);
    expect(((await res.json()) as { error: string }).error).toMatch(/above the limit of 100 bytes/);
    expect(builds).toEqual([]);
  });

  it.each([
    ['a path climbing out', { '../evil.js': 'x' }, {}],
    ['a file through a symlink out', { 'link/escaped.txt': 'x' }, { link: '../../..' }],
  ])('answers 400 for %s', async (_what, files, links) => {
    await start();
    const res = await post(await sourceTarball(files, links));
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toMatch(/refused the source archive/);
    expect(builds).toEqual([]);
  });

  it('answers 400 for a body that is no archive', async () => {
    await start();
    const res = await post(Buffer.from('not a tarball at all, just some text that is long enough'));
    expect(res.status).toBe(400);
  });

  it('builds from a git repository at a revision and context folder', async () => {
    await start({ allowFileGit: true });
    const repo = fs.mkdtempSync(path.join(os.tmpdir(), 'kuack-git-src-'));
    try {
      const git = (...args: string[]) => execFileSync('git', ['-C', repo, ...args], { stdio: 'ignore' });
      git('init', '-q', '-b', 'main');
      for (const [name, content] of Object.entries(HELLO_FUNCTION)) {
        fs.mkdirSync(path.join(repo, 'fns/hello'), { recursive: true });
        fs.writeFileSync(path.join(repo, 'fns/hello', name), content);
      }
      git('add', '.');
      git('-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '-q', '-m', 'fn');
      git('tag', 'v1');
      const res = await fetch(`${base}/v1/builds`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
        body: JSON.stringify({ git: { url: `file://${repo}`, revision: 'v1', contextDir: 'fns/hello' } }),
      });
      expect(res.status).toBe(200);
      const lines = events(await res.text());
      expect(lines[0]).toEqual({ log: `fetching file://${repo} at v1` });
      expect(lines.at(-1)).toMatchObject({ result: { image: 'registry.test:5000/hello-remote:latest' } });

      const missing = await fetch(`${base}/v1/builds`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
        body: JSON.stringify({ git: { url: `file://${repo}`, revision: 'nope' } }),
      });
      expect(events(await missing.text()).at(-1)!.error).toBe(
        `git fetch file://${repo} nope failed: fatal: couldn't find remote ref nope`,
      );
    } finally {
      fs.rmSync(repo, { recursive: true, force: true });
    }
  });

  it('queues builds beyond the concurrency and refuses beyond the queue with 429', async () => {
    await start({ concurrency: 1, maxQueued: 1 });
    let open!: () => void;
    gate = new Promise((resolve) => (open = resolve));
    const tarball = await sourceTarball(HELLO_FUNCTION);
    const first = post(tarball);
    await waitFor(() => builds.length === 1);
    const second = post(tarball);
    await waitFor(async () => (await post(tarball)).status === 429);
    open();
    expect((await first).status).toBe(200);
    expect((await second).status).toBe(200);
  });
});

async function waitFor(check: () => boolean | Promise<boolean>): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error('condition not reached');
}
