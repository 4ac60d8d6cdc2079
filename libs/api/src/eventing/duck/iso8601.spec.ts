import { parseIsoDuration } from './iso8601';

describe('parseIsoDuration', () => {
  it.each([
    ['PT1S', 1000],
    ['PT0.5S', 500],
    ['PT0,25S', 250],
    ['PT2M', 120000],
    ['PT1H30M', 5400000],
    ['P1D', 86400000],
    ['P1W', 604800000],
    ['P1DT1S', 86401000],
    ['-PT10S', -10000],
    ['+PT10S', 10000],
    ['P0D', 0],
    ['PT0S', 0],
  ])('%s = %d ms', (text, ms) => {
    expect(parseIsoDuration(text)?.milliseconds).toBe(ms);
  });

  it('flags zero and negative durations', () => {
    expect(parseIsoDuration('PT0S')).toEqual({ milliseconds: 0, negative: false, zero: true });
    expect(parseIsoDuration('-PT1S')).toEqual({ milliseconds: -1000, negative: true, zero: false });
  });

  it.each(['', 'P', 'PT', 'P1DT', '1S', 'PT1', 'PT1X', '10s', 'P1H', 'PT-1S', 'pt1s', 'PT1S ', 'P1S'])(
    'rejects %j',
    (text) => {
      expect(parseIsoDuration(text)).toBeUndefined();
    },
  );
});
