import { FlagError, HelpRequested, parseFlags, parseHostPort } from './flags';

describe('parseFlags', () => {
  it('has the documented defaults', () => {
    expect(parseFlags([], {})).toEqual({
      systemNamespace: 'knative-serving',
      healthAddress: '127.0.0.1:8088',
      autoscalerAddress: '127.0.0.1:8086',
      leaderElect: true,
      leaseName: 'serving-controller',
      workers: 4,
      insecureRegistry: false,
    });
    expect(parseFlags([], { SYSTEM_NAMESPACE: 'kn' }).systemNamespace).toBe('kn');
  });

  it('reads every flag, in both spellings', () => {
    expect(
      parseFlags(
        [
          '--kubeconfig=/k',
          '--system-namespace',
          'kuack-system',
          '--health-address=127.0.0.1:0',
          '--autoscaler-address',
          '127.0.0.1:9999',
          '--leader-elect=false',
          '--lease-name=sc',
          '--workers=2',
          '--image-store=none',
          '--insecure-registry=true',
          '--webhook-address=127.0.0.1:0',
          '--webhook-url-host=127.0.0.1:8443',
          '--webhook-service=knative-serving/webhook:443',
          '--ready-file=/r',
          '--log-level=debug',
        ],
        {},
      ),
    ).toEqual({
      kubeconfig: '/k',
      systemNamespace: 'kuack-system',
      healthAddress: '127.0.0.1:0',
      autoscalerAddress: '127.0.0.1:9999',
      leaderElect: false,
      leaseName: 'sc',
      workers: 2,
      imageStore: '',
      insecureRegistry: true,
      webhookAddress: '127.0.0.1:0',
      webhookUrlHost: '127.0.0.1:8443',
      webhookService: 'knative-serving/webhook:443',
      readyFile: '/r',
      logLevel: 'debug',
    });
  });

  it.each([
    [['--workers', '0'], '--workers: "0" is not a whole number >= 1'],
    [['--autoscaler-address', '8086'], '--autoscaler-address: "8086" is not HOST:PORT'],
    [['--health-address=host:70000'], '--health-address: "host:70000" is not HOST:PORT'],
    [['--leader-elect=yes'], '--leader-elect: "yes" is not true or false'],
    [['--system-namespace=Bad_NS'], '--system-namespace: "Bad_NS" is not a namespace name'],
    [['--webhook-service=webhook'], '--webhook-service: "webhook" is not NAMESPACE/NAME[:PORT]'],
    [['--kubeconfig'], '--kubeconfig: a value is required'],
    [['--nope=1'], '--nope: unknown flag'],
    [['stray'], 'unexpected argument "stray"'],
  ])('%j → an error naming the flag', (argv, message) => {
    expect(() => parseFlags(argv, {})).toThrow(FlagError);
    expect(() => parseFlags(argv, {})).toThrow(message);
  });

  it('--help asks for the usage, which documents every flag', () => {
    let usage = '';
    try {
      parseFlags(['--help'], {});
    } catch (err) {
      expect(err).toBeInstanceOf(HelpRequested);
      usage = (err as Error).message;
    }
    for (const flag of [
      '--kubeconfig',
      '--system-namespace',
      '--health-address',
      '--autoscaler-address',
      '--leader-elect',
      '--lease-name',
      '--workers',
      '--image-store',
      '--insecure-registry',
      '--webhook-address',
      '--webhook-url-host',
      '--webhook-service',
      '--ready-file',
      '--log-level',
    ])
      expect(usage).toContain(flag);
  });

  it('parseHostPort handles IPv6 literals', () => {
    expect(parseHostPort('--x', '[::1]:8086')).toEqual({ host: '::1', port: 8086 });
  });
});
