import { parseAddress, parseFlags } from './flags';

describe('parseFlags', () => {
  it('has the contract defaults', () => {
    expect(parseFlags([], {})).toEqual({
      host: '127.0.0.1',
      port: 8012,
      autoscalerUrl: 'http://127.0.0.1:8086',
      registerEndpoints: false,
      systemNamespace: 'knative-serving',
      drainSeconds: 0,
    });
  });

  it('reads every flag, in both --flag value and --flag=value forms', () => {
    expect(
      parseFlags(
        [
          '--address=10.248.0.1:8012',
          '--kubeconfig',
          '/k',
          '--autoscaler-url',
          'http://127.0.0.1:9999',
          '--register-endpoints',
          '--drain-seconds',
          '2',
        ],
        { SYSTEM_NAMESPACE: 'kuack-system' },
      ),
    ).toEqual({
      host: '10.248.0.1',
      port: 8012,
      kubeconfig: '/k',
      autoscalerUrl: 'http://127.0.0.1:9999',
      registerEndpoints: true,
      systemNamespace: 'kuack-system',
      drainSeconds: 2,
    });
  });

  it.each([
    [['--address', 'nohost'], /--address: "nohost" is not host:port/],
    [['--address', '1.2.3.4:99999'], /--address/],
    [['--autoscaler-url', 'ftp://x'], /--autoscaler-url/],
    [['--drain-seconds', '-1'], /--drain-seconds/],
    [['--bogus', '1'], /--bogus: unknown flag/],
    [['--kubeconfig'], /--kubeconfig: a value is required/],
  ])('%p fails naming the flag', (argv, message) => expect(() => parseFlags(argv, {})).toThrow(message));

  it('parses bracketed IPv6 addresses', () => {
    expect(parseAddress('--address', '[::1]:8012')).toEqual({ host: '::1', port: 8012 });
  });
});
