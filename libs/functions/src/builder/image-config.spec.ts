import { literalEnvs, makeFunctionContainerConfig } from './image-config';

describe('makeFunctionContainerConfig', () => {
  it('runs the runtime from /func/ as 1000:1000 on 8080 with base env, function env and labels', () => {
    const config = makeFunctionContainerConfig({
      name: 'hello',
      base: {
        Env: ['PATH=/usr/local/bin:/bin', 'NODE_ENV=development'],
        Labels: { maintainer: 'base' },
        Entrypoint: ['docker-entrypoint.sh'],
      },
      created: '2026-11-30T08:00:00Z',
      version: 'v1.2.0',
      revision: 'abc123',
      envs: [
        { name: 'A', value: '1' },
        { name: 'PATH', value: '/x' },
        { name: 'S', value: '{{ secret:s:k }}' },
        { value: 'no name' },
      ],
    });
    expect(config).toEqual({
      User: '1000:1000',
      ExposedPorts: { '8080/tcp': {} },
      Env: [
        'PATH=/x',
        'NODE_ENV=production',
        'FUNC_CREATED=2026-11-30T08:00:00Z',
        'FUNC_VERSION=v1.2.0',
        'A=1',
      ],
      Entrypoint: ['node', '/kuack/runtime.js'],
      WorkingDir: '/func/',
      Labels: {
        'function.knative.dev/name': 'hello',
        maintainer: 'base',
        'org.opencontainers.image.created': '2026-11-30T08:00:00Z',
        'org.opencontainers.image.revision': 'abc123',
        'org.opencontainers.image.title': 'hello',
        'org.opencontainers.image.version': 'v1.2.0',
      },
      StopSignal: 'SIGTERM',
    });
  });

  it('skips templated envs (resolved at deploy time)', () => {
    expect(
      literalEnvs([
        { name: 'A', value: 'x' },
        { name: 'B', value: '{{ env:HOME }}' },
      ]),
    ).toEqual({ env: [['A', 'x']], skipped: ['B'] });
  });
});
