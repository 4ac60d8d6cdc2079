import { hostWithoutPort, portOfHost, wildcardMatches } from './hosts';

describe('hostWithoutPort', () => {
  it.each([
    ['hello.default.localhost:8080', 'hello.default.localhost'],
    ['Hello.Default.Example.COM', 'hello.default.example.com'],
    ['hello.default.example.com.', 'hello.default.example.com'],
    ['hello.default.example.com.:80', 'hello.default.example.com'],
    ['[::1]:8080', '[::1]'],
    ['::1', '::1'],
    ['127.0.0.1:8080', '127.0.0.1'],
    ['', ''],
    [undefined, ''],
  ])('%s → %s', (input, want) => {
    expect(hostWithoutPort(input)).toBe(want);
  });
});

describe('portOfHost', () => {
  it.each([
    ['a.b:8080', 8080],
    ['[::1]:443', 443],
    ['a.b', undefined],
    ['::1', undefined],
    [undefined, undefined],
  ])('%s → %s', (input, want) => {
    expect(portOfHost(input)).toBe(want);
  });
});

describe('wildcardMatches', () => {
  it.each([
    ['*.example.com', 'a.example.com', true],
    ['*.example.com', 'example.com', false],
    ['*.example.com', 'a.b.example.com', false],
    ['a.example.com', 'a.example.com', true],
    ['a.example.com', 'b.example.com', false],
  ])('%s vs %s → %s', (pattern, host, want) => {
    expect(wildcardMatches(pattern, host)).toBe(want);
  });
});
