import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eventually, requireServices } from '@kuack/testenv';
import { runCli } from '../program';
import { captureCli } from '../testing/capture-cli';
import { readLogs, startPlatform, type Platform } from './platform';
import { getViaGateway } from './serving-suite';

// Knative Functions end to end in local mode: `kuack func create` → `kuack func deploy` (host build, local image
// store, Knative Service) → the function answers 200 through the gateway of `kuack up`. No registry, no Docker.

jest.setTimeout(600_000);

const NAMESPACE = 'e2e-functions';
let platform: Platform;
let work: string;
let cacheDir: string;

beforeAll(async () => {
  await requireServices([]);
  platform = await startPlatform();
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'kuack-e2e-func-'));
  cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kuack-e2e-func-cache-'));
  // The function's image goes to the image store of this platform's node agent.
  process.env.KUACK_IMAGE_STORE = platform.imageStore;
  process.env.KUACK_CACHE_DIR = cacheDir;
}, 600_000);

afterAll(async () => {
  if (platform) expect(await platform.stop()).toEqual([]);
  for (const dir of [work, cacheDir]) if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe('Knative Functions end to end on the local platform', () => {
  it('create → deploy → 200 through the gateway', async () => {
    const root = path.join(work, 'hello-fn');
    const created = captureCli();
    expect(await runCli(['func', 'create', root, '-l', 'typescript', '-t', 'http'], created.ctx)).toBe(0);
    await platform.client
      .create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: NAMESPACE } })
      .catch(() => undefined);

    const deployed = captureCli();
    const code = await runCli(
      [
        'func',
        'deploy',
        '-p',
        root,
        '-n',
        NAMESPACE,
        '--kubeconfig',
        platform.kubeconfig,
        '--timeout',
        '180',
      ],
      deployed.ctx,
    );
    if (code !== 0) {
      throw new Error(
        `deploy failed (${code}):\n${deployed.out()}\n${deployed.err()}\n${readLogs(platform.dataDir)}`,
      );
    }
    const url = /deployed in namespace "[^"]+" at (\S+)/.exec(deployed.out())?.[1];
    expect(url).toBeDefined();
    const { host } = new URL(url!);
    const answer = await eventually(
      async () => {
        const res = await getViaGateway(platform.gatewayPort, host, '/');
        if (res.status !== 200) throw new Error(`${res.status}: ${res.body}`);
        return res;
      },
      { timeoutMs: 60_000, intervalMs: 500 },
    );
    expect(answer.body).toBe('OK');
  });
});
