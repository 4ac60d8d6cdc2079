import { describeFailure } from './handler';

describe('describeFailure', () => {
  it.each([
    [
      { kind: 'not-found', host: 'a.example', reason: 'host' } as const,
      '/',
      404,
      'no route for host "a.example"',
    ],
    [
      { kind: 'not-found', host: 'a.example', reason: 'path' } as const,
      '/x?y=1',
      404,
      'no route for path "/x" on host "a.example"',
    ],
    [
      { kind: 'unavailable', service: 'ns/rev' } as const,
      '/',
      503,
      'no ready endpoints for service "ns/rev"',
    ],
  ])('%j', (r, url, status, message) => {
    expect(describeFailure(r, url)).toEqual({ status, message });
  });
});
