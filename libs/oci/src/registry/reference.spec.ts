import {
  formatReference,
  isLoopbackRegistry,
  parseReference,
  referenceTarget,
  registryApiHost,
} from './reference';

describe('parseReference', () => {
  const digest = `sha256:${'a'.repeat(64)}`;
  it.each([
    ['alpine', { registry: 'docker.io', repository: 'library/alpine' }],
    ['alpine:3.20', { registry: 'docker.io', repository: 'library/alpine', tag: '3.20' }],
    ['user/app', { registry: 'docker.io', repository: 'user/app' }],
    ['127.0.0.1:5000/kuack/hello:v1', { registry: '127.0.0.1:5000', repository: 'kuack/hello', tag: 'v1' }],
    ['localhost/x', { registry: 'localhost', repository: 'x' }],
    [`ghcr.io/o/r@${digest}`, { registry: 'ghcr.io', repository: 'o/r', digest }],
    [`ghcr.io/o/r:t@${digest}`, { registry: 'ghcr.io', repository: 'o/r', tag: 't', digest }],
  ])('%s', (input, expected) => {
    expect(parseReference(input)).toEqual(expected);
  });

  it.each([
    ['', 'must be non-empty'],
    ['Upper/Case', 'repository component "Upper"'],
    ['repo:bad tag', 'is not a valid tag'],
    ['repo@sha256', 'is not a digest'],
  ])('refuses %j', (input, message) => {
    expect(() => parseReference(input)).toThrow(message);
  });

  it('formats, targets and hosts', () => {
    const ref = parseReference('127.0.0.1:5000/a/b');
    expect(referenceTarget(ref)).toBe('latest');
    expect(formatReference({ ...ref, tag: 'v2' })).toBe('127.0.0.1:5000/a/b:v2');
    expect(registryApiHost('docker.io')).toBe('registry-1.docker.io');
    expect(registryApiHost('ghcr.io')).toBe('ghcr.io');
  });

  it.each([
    ['127.0.0.1:5000', true],
    ['localhost:5000', true],
    ['app.localhost', true],
    ['[::1]:5000', true],
    ['registry.example.com', false],
    ['10.0.0.1:5000', false],
  ])('loopback %s → %s', (host, expected) => {
    expect(isLoopbackRegistry(host)).toBe(expected);
  });
});
