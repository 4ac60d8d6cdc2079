import { listeningLine, parseFlags } from './flags';

describe('parseFlags', () => {
  it('defaults: class, loopback, 8080/8443, admin 9081', () => {
    expect(parseFlags([])).toMatchObject({
      ingressClass: 'kuack.ingress.networking.knative.dev',
      bind: '127.0.0.1',
      httpPort: 8080,
      httpsPort: 8443,
      adminPort: 9081,
      serveClusterLocal: true,
      maxHeaderBytes: 65536,
    });
  });

  it('reads every flag, in both spellings', () => {
    expect(
      parseFlags([
        '--kubeconfig',
        '/tmp/kc',
        '--ingress-class=custom.example',
        '--bind',
        '127.0.0.2',
        '--http-port=0',
        '--https-port',
        'none',
        '--admin-port',
        '0',
        '--internal-http-port',
        '0',
        '--public-domain-internal',
        'pub.example',
        '--private-domain-internal',
        'priv.example',
        '--serve-cluster-local=false',
        '--max-header-bytes',
        '8192',
        '--drain-seconds',
        '3',
        '--ready-file',
        '/tmp/ready',
      ]),
    ).toEqual({
      kubeconfig: '/tmp/kc',
      ingressClass: 'custom.example',
      bind: '127.0.0.2',
      httpPort: 0,
      httpsPort: null,
      internalHttpPort: 0,
      adminPort: 0,
      publicDomainInternal: 'pub.example',
      privateDomainInternal: 'priv.example',
      serveClusterLocal: false,
      maxHeaderBytes: 8192,
      drainSeconds: 3,
      readyFile: '/tmp/ready',
    });
  });

  it.each([
    [['--http-port', 'x'], '--http-port: "x" is not a port number (0-65535)'],
    [['--http-port', 'none'], '--http-port: "none" is not a port number (0-65535)'],
    [['--https-port', '70000'], '--https-port: "70000" is not a port number (0-65535 or none)'],
    [['--serve-cluster-local', 'yes'], '--serve-cluster-local: "yes" is not true or false'],
    [['--max-header-bytes', '10'], '--max-header-bytes: "10" is not a whole number >= 1024'],
    [['--ingress-class', ' '], '--ingress-class: must not be empty'],
    [['--bind'], '--bind: a value is required'],
    [['--nope', '1'], '--nope: unknown flag'],
  ])('%j → %s', (argv, message) => {
    expect(() => parseFlags(argv)).toThrow(message);
  });
});

describe('listeningLine', () => {
  it('names every port, none for a listener that is off', () => {
    expect(listeningLine({ httpPort: 8080, httpsPort: 8443, adminPort: 9081 })).toBe(
      'listening http=8080 https=8443 admin=9081',
    );
    expect(listeningLine({ httpPort: 1 })).toBe('listening http=1 https=none admin=none');
    expect(listeningLine({ httpPort: 1, internalHttpPort: 2 })).toBe(
      'listening http=1 https=none admin=none internal=2',
    );
  });
});
