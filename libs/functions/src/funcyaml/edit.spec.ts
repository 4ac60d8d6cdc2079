import {
  addEnv,
  addLabel,
  addVolume,
  describeVolume,
  removeEnv,
  removeLabel,
  removeVolume,
  volumeFrom,
} from './edit';
import type { FuncYaml } from './types';

const base: FuncYaml = { specVersion: '0.36.0', name: 'fn' };

describe('func.yaml edits', () => {
  it('adds an env (replacing one of the same name) and removes it', () => {
    const once = addEnv(addEnv(base, { name: 'A', value: '1' }), { name: 'A', value: '2' });
    expect(once.run?.envs).toEqual([{ name: 'A', value: '2' }]);
    const all = addEnv(once, { value: '{{ secret:s }}' });
    expect(removeEnv(all, '{{ secret:s }}').run?.envs).toEqual([{ name: 'A', value: '2' }]);
    expect(() => removeEnv(base, 'A')).toThrow('--name: no env "A" in run.envs');
    expect(base.run).toBeUndefined();
  });

  it('adds and removes labels by key', () => {
    const labelled = addLabel(addLabel(base, { key: 'team', value: 'a' }), { key: 'team', value: 'b' });
    expect(labelled.deploy?.labels).toEqual([{ key: 'team', value: 'b' }]);
    expect(removeLabel(labelled, 'team').deploy?.labels).toEqual([]);
    expect(() => removeLabel(base, 'x')).toThrow('--name: no label "x"');
  });

  it.each([
    [{ type: 'secret', source: 's', mountPath: '/s' }, { secret: 's', path: '/s' }, 'Secret "s" at /s'],
    [
      { type: 'configmap', source: 'c', mountPath: '/c' },
      { configMap: 'c', path: '/c' },
      'ConfigMap "c" at /c',
    ],
    [
      { type: 'pvc', source: 'data', mountPath: '/d', readOnly: true },
      { persistentVolumeClaim: { claimName: 'data', readOnly: true }, path: '/d' },
      'PersistentVolumeClaim "data" (read-only) at /d',
    ],
    [
      { type: 'emptydir', mountPath: '/t', medium: 'Memory', sizeLimit: '64Mi' },
      { emptyDir: { medium: 'Memory', sizeLimit: '64Mi' }, path: '/t' },
      'EmptyDir in memory up to 64Mi at /t',
    ],
  ])('volume %j', (spec, volume, text) => {
    expect(volumeFrom(spec)).toEqual(volume);
    expect(describeVolume(volume)).toBe(text);
  });

  it('refuses a second volume at the same path and removes by path', () => {
    const one = addVolume(base, { secret: 's', path: '/x' });
    expect(() => addVolume(one, { configMap: 'c', path: '/x' })).toThrow(
      '--mount-path: /x is already used by a volume',
    );
    expect(removeVolume(one, '/x').run?.volumes).toEqual([]);
    expect(() => removeVolume(one, '/y')).toThrow('--mount-path: no volume mounted at /y');
  });
});
