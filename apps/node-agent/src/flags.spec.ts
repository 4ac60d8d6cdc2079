import { parseFlags, parseTaint } from './flags';

describe('node-agent flags', () => {
  it('has defaults and reads every flag (also as --flag=value)', () => {
    expect(parseFlags(['--data-dir', '/d'])).toEqual({
      dataDir: '/d',
      nodeName: 'kuack-local',
      podCidr: '127.1.0.0/16',
      labels: {},
      taints: [],
      maxPods: 110,
      stopGraceMs: 3000,
    });
    expect(
      parseFlags([
        '--data-dir=/d',
        '--kubeconfig',
        '/k',
        '--node-name',
        'n-1',
        '--pods-log-dir',
        '/p',
        '--pod-cidr',
        '127.2.0.0/24',
        '--label',
        'a=b=c',
        '--taint',
        'only=me:NoSchedule',
        '--taint',
        'k:NoExecute',
        '--max-pods',
        '5',
        '--reserved',
        'cpu=500m,memory=256Mi',
        '--log-port',
        '0',
        '--stop-grace-seconds=1',
      ]),
    ).toEqual({
      dataDir: '/d',
      kubeconfig: '/k',
      nodeName: 'n-1',
      podsLogDir: '/p',
      podCidr: '127.2.0.0/24',
      labels: { a: 'b=c' },
      taints: [
        { key: 'only', value: 'me', effect: 'NoSchedule' },
        { key: 'k', effect: 'NoExecute' },
      ],
      maxPods: 5,
      reserved: { cpu: '500m', memory: '256Mi' },
      logPort: 0,
      stopGraceMs: 1000,
    });
  });

  it.each([
    [[], '--data-dir: required'],
    [['--data-dir'], '--data-dir: a value is required'],
    [['--data-dir', '/d', '--max-pods', '0'], '--max-pods: "0" is not a whole number >= 1'],
    [['--data-dir', '/d', '--node-name', 'Bad_Name'], '--node-name: "Bad_Name" is not a valid node name'],
    [['--data-dir', '/d', '--pod-cidr', '10.0.0.0/33'], 'the prefix must be between'],
    [['--data-dir', '/d', '--label', 'x'], '--label: "x" is not key=value'],
    [['--data-dir', '/d', '--reserved', 'cpu=x'], '--reserved cpu: "x" is not a CPU quantity'],
    [['--data-dir', '/d', '--log-port', '70000'], '--log-port: "70000" is not a port'],
    [['--data-dir', '/d', '--nope', '1'], 'unknown flag --nope'],
  ])('names the flag that is wrong (%#)', (argv, message) => {
    expect(() => parseFlags(argv)).toThrow(message);
  });

  it('refuses a taint without a known effect', () => {
    expect(() => parseTaint('a=b:Sometimes')).toThrow(
      '--taint: "a=b:Sometimes" is not key[=value]:NoSchedule|PreferNoSchedule|NoExecute',
    );
  });
});
