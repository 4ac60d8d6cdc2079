import { parseWwwAuthenticate } from './auth-challenge';

describe('parseWwwAuthenticate', () => {
  it.each([
    [
      'Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/alpine:pull"',
      [
        {
          scheme: 'bearer',
          params: {
            realm: 'https://auth.docker.io/token',
            service: 'registry.docker.io',
            scope: 'repository:library/alpine:pull',
          },
        },
      ],
    ],
    ['Basic realm="kuack-test"', [{ scheme: 'basic', params: { realm: 'kuack-test' } }]],
    ['basic Realm=plain', [{ scheme: 'basic', params: { realm: 'plain' } }]],
    [
      'Bearer realm="r", scope="repository:a:pull,push", Basic realm="b"',
      [
        { scheme: 'bearer', params: { realm: 'r', scope: 'repository:a:pull,push' } },
        { scheme: 'basic', params: { realm: 'b' } },
      ],
    ],
    [
      'Bearer realm="with \\"quotes\\" and, comma"',
      [{ scheme: 'bearer', params: { realm: 'with "quotes" and, comma' } }],
    ],
    ['Negotiate', [{ scheme: 'negotiate', params: {} }]],
  ])('%s', (header, expected) => {
    expect(parseWwwAuthenticate(header)).toEqual(expected);
  });

  it('rejects malformed headers with the header in the message', () => {
    expect(() => parseWwwAuthenticate('Bearer realm="unterminated')).toThrow('unterminated quoted value');
    expect(() => parseWwwAuthenticate('realm="x"')).toThrow(/WWW-Authenticate/);
  });
});
