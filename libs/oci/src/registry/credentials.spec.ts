import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { credentialsFromDockerConfig, defaultDockerConfigPath, resolveCredentials } from './credentials';

const b64 = (s: string) => Buffer.from(s).toString('base64');

describe('credentialsFromDockerConfig', () => {
  const config = JSON.stringify({
    auths: {
      'https://index.docker.io/v1/': { auth: b64('hubuser:hubpass') },
      'registry.example.com': { auth: b64('user:pa:ss') },
      'http://127.0.0.1:5000/v2/': { username: 'plain', password: 'text' },
      'empty.example.com': {},
    },
  });

  it.each([
    ['docker.io', { username: 'hubuser', password: 'hubpass' }],
    ['registry.example.com', { username: 'user', password: 'pa:ss' }],
    ['127.0.0.1:5000', { username: 'plain', password: 'text' }],
    ['other.example.com', undefined],
    ['empty.example.com', undefined],
  ])('%s', (registry, expected) => {
    expect(credentialsFromDockerConfig(config, registry, 'config.json')).toEqual(expected);
  });

  it('names the file and the entry when something is malformed', () => {
    expect(() => credentialsFromDockerConfig('{', 'x', '/home/u/.docker/config.json')).toThrow(
      '/home/u/.docker/config.json: invalid JSON',
    );
    const bad = JSON.stringify({ auths: { 'r.io': { auth: b64('no-colon') } } });
    expect(() => credentialsFromDockerConfig(bad, 'r.io', 'config.json')).toThrow(
      'config.json: auths["r.io"].auth is not base64 of "user:password"',
    );
  });
});

describe('resolveCredentials', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'kuack-creds-'));
    await fs.writeFile(
      path.join(dir, 'config.json'),
      JSON.stringify({ auths: { 'r.io': { auth: b64('fromfile:pw') } } }),
    );
  });
  afterEach(() => fs.rm(dir, { recursive: true, force: true }));

  it('prefers explicit credentials, then env, then DOCKER_CONFIG/config.json', async () => {
    const env = { DOCKER_CONFIG: dir };
    expect(defaultDockerConfigPath(env)).toBe(path.join(dir, 'config.json'));
    expect(await resolveCredentials('r.io', { env })).toEqual({ username: 'fromfile', password: 'pw' });
    const withEnv = { ...env, KUACK_REGISTRY_USERNAME: 'envuser', KUACK_REGISTRY_PASSWORD: 'envpw' };
    expect(await resolveCredentials('r.io', { env: withEnv })).toEqual({
      username: 'envuser',
      password: 'envpw',
    });
    expect(
      await resolveCredentials('r.io', { env: withEnv, credentials: { username: 'flag', password: 'f' } }),
    ).toEqual({ username: 'flag', password: 'f' });
    expect(await resolveCredentials('other.io', { env })).toBeUndefined();
    expect(
      await resolveCredentials('r.io', { env: { DOCKER_CONFIG: path.join(dir, 'missing') } }),
    ).toBeUndefined();
  });
});
