// The independent clients and servers `env` puts on PATH work against the testenv's services.
import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

import { eventually } from './eventually';
import { requireServices } from './require-services';

jest.setTimeout(120_000);

const execFileAsync = promisify(execFile);
// Jest gives each test file its own copy of process.env; child processes must get it explicitly to see
// the PATH that requireServices() extended.
const run = (command: string, args: string[]) => execFileAsync(command, args, { env: process.env });
let env: Awaited<ReturnType<typeof requireServices>>;
let workDir: string;

beforeAll(async () => {
  env = await requireServices(['tools', 'registry', 'kafka']);
  workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'testenv-tools-'));
}, 900_000);

afterAll(() => fs.rmSync(workDir, { recursive: true, force: true }));

it('helm is the pinned version', async () => {
  const { stdout } = await run('helm', ['version', '--short']);
  expect(stdout.trim()).toMatch(/^v3\.22\.0/);
});

it('umoci builds an image that skopeo copies to the auth registry and reads back', async () => {
  const layout = path.join(workDir, 'layout');
  await run('umoci', ['init', '--layout', layout]);
  await run('umoci', ['new', '--image', `${layout}:v1`]);
  const target = `docker://${env.registryAuth.host}/testenv-smoke/umoci-${process.pid}:v1`;
  const creds = `${env.registryAuth.username}:${env.registryAuth.password}`;
  await run('skopeo', ['copy', '--dest-tls-verify=false', '--dest-creds', creds, `oci:${layout}:v1`, target]);
  const { stdout } = await run('skopeo', [
    'inspect',
    '--raw',
    '--tls-verify=false',
    '--creds',
    creds,
    target,
  ]);
  expect(JSON.parse(stdout)).toMatchObject({
    schemaVersion: 2,
    config: { mediaType: 'application/vnd.oci.image.config.v1+json' },
  });
  await expect(
    run('skopeo', ['inspect', '--raw', '--tls-verify=false', '--creds', `${creds}x`, target]),
  ).rejects.toThrow(/unauthorized|401/i);
});

it('kcat lists the Kafka broker', async () => {
  const { stdout } = await run('kcat', ['-L', '-J', '-b', env.kafka.brokers.join(',')]);
  const metadata = JSON.parse(stdout) as { brokers: Array<{ name: string }> };
  expect(metadata.brokers.map((b) => b.name)).toEqual(env.kafka.brokers);
});

it('pebble serves its ACME directory over HTTPS trusted through the testenv CA', async () => {
  const config = JSON.parse(fs.readFileSync(env.tools.pebbleConfigPath, 'utf8')) as {
    pebble: { listenAddress: string };
  };
  const pebble = spawn('pebble', ['-config', env.tools.pebbleConfigPath], {
    env: { ...process.env, PEBBLE_VA_NOSLEEP: '1', PEBBLE_VA_ALWAYS_VALID: '1' },
    stdio: 'ignore',
  });
  const exited = new Promise<Error>((resolve) => pebble.once('error', resolve));
  try {
    const ca = fs.readFileSync(env.tools.caCertPath);
    const directory = await eventually(
      () =>
        new Promise<Record<string, unknown>>((resolve, reject) => {
          https
            .get(
              `https://${config.pebble.listenAddress}/dir`,
              { ca, headers: { 'user-agent': 'kuack-testenv-smoke' } },
              (response) => {
                let body = '';
                response.on('data', (chunk) => (body += chunk));
                response.on('end', () =>
                  response.statusCode === 200
                    ? resolve(JSON.parse(body))
                    : reject(new Error(`status ${response.statusCode}`)),
                );
              },
            )
            .on('error', reject);
        }),
      { timeoutMs: 20_000 },
    );
    expect(await Promise.race([exited, Promise.resolve('running')])).toBe('running');
    expect(directory).toHaveProperty('newOrder');
    expect(directory).toHaveProperty('newAccount');
  } finally {
    pebble.kill('SIGTERM');
  }
});
