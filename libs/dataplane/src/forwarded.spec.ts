import { buildForwarded, forwardedNode } from './forwarded';
import { isUpgradeRequest, withoutHopByHop } from './hop-by-hop';
import { statusForUpstreamError } from './proxy-errors';
import { UpstreamTimeoutError } from './proxy-errors';

describe('buildForwarded', () => {
  it.each([
    ['1.2.3.4', 'http', '', 'for=1.2.3.4;proto=http'],
    ['1.2.3.4, 5.6.7.8', 'https', 'a.example', 'for=1.2.3.4;host=a.example;proto=https, for=5.6.7.8'],
    ['::1', '', '', 'for="[::1]"'],
    ['', 'http', 'h:8080', 'host="h:8080";proto=http'],
  ])('xff=%p proto=%p host=%p → %p', (xff, proto, host, want) => {
    expect(buildForwarded(xff, proto, host)).toBe(want);
  });
  it('quotes IPv6 nodes', () => expect(forwardedNode('fe80::1')).toBe('"[fe80::1]"'));
});

describe('withoutHopByHop', () => {
  it('drops hop-by-hop and Connection-listed headers, keeps TE: trailers', () => {
    expect(
      withoutHopByHop({
        connection: 'close, x-a',
        'x-a': '1',
        'x-b': '2',
        'transfer-encoding': 'chunked',
        te: 'trailers',
        upgrade: 'websocket',
        'keep-alive': 'timeout=5',
      }),
    ).toEqual({ 'x-b': '2', te: 'trailers' });
  });
  it('keeps the upgrade pair when asked', () => {
    expect(withoutHopByHop({ connection: 'Upgrade', upgrade: 'websocket', 'x-b': '2' }, true)).toEqual({
      'x-b': '2',
      connection: 'upgrade',
      upgrade: 'websocket',
    });
  });
  it('recognises upgrade requests', () => {
    expect(isUpgradeRequest({ connection: 'keep-alive, Upgrade', upgrade: 'websocket' })).toBe(true);
    expect(isUpgradeRequest({ upgrade: 'websocket' })).toBe(false);
  });
});

describe('statusForUpstreamError', () => {
  it.each([
    [Object.assign(new Error('x'), { code: 'ECONNREFUSED' }), 502],
    [Object.assign(new Error('x'), { code: 'ECONNRESET' }), 502],
    [Object.assign(new Error('x'), { code: 'ETIMEDOUT' }), 504],
    [new UpstreamTimeoutError(10), 504],
    [new Error('parse'), 502],
  ])('%p → %p', (err, status) => expect(statusForUpstreamError(err)).toBe(status));
});
