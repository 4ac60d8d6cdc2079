import { parseFlags } from './run';

describe('embedded-cluster flags', () => {
  it('reads --data-dir, --port and --crd-dir (also as --flag=value)', () => {
    expect(parseFlags(['--data-dir', '/d', '--port=7443', '--crd-dir', '/c'], '/repo')).toEqual({
      dataDir: '/d',
      port: 7443,
      crdDir: '/c',
    });
    expect(parseFlags(['--data-dir=/d'], '/repo')).toEqual({
      dataDir: '/d',
      port: 6443,
      crdDir: '/repo/charts/kuack/files/crds',
    });
  });

  it('names the flag that is wrong', () => {
    expect(() => parseFlags([], '/r')).toThrow('--data-dir: required');
    expect(() => parseFlags(['--data-dir', '/d', '--port', 'x'], '/r')).toThrow(
      '--port: "x" is not a port number',
    );
    expect(() => parseFlags(['--data-dir'], '/r')).toThrow('--data-dir: a value is required');
    expect(() => parseFlags(['--nope', '1'], '/r')).toThrow('unknown flag --nope');
  });
});
