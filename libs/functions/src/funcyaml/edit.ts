import type { Env, FuncYaml, Label, Volume } from './types';

// Pure edits of func.yaml behind `kuack func config envs|labels|volumes add|remove`; each returns a new object.

export function addEnv(func: FuncYaml, env: Env): FuncYaml {
  const envs = (func.run?.envs ?? []).filter((e) => env.name === undefined || e.name !== env.name);
  return { ...func, run: { ...func.run, envs: [...envs, env] } };
}

export function removeEnv(func: FuncYaml, name: string): FuncYaml {
  const envs = func.run?.envs ?? [];
  const kept = envs.filter((e) => e.name !== name && !(e.name === undefined && e.value === name));
  if (kept.length === envs.length) throw new Error(`--name: no env "${name}" in run.envs`);
  return { ...func, run: { ...func.run, envs: kept } };
}

export function addLabel(func: FuncYaml, label: Label): FuncYaml {
  const labels = (func.deploy?.labels ?? []).filter((l) => l.key !== label.key);
  return { ...func, deploy: { ...func.deploy, labels: [...labels, label] } };
}

export function removeLabel(func: FuncYaml, key: string): FuncYaml {
  const labels = func.deploy?.labels ?? [];
  const kept = labels.filter((l) => l.key !== key);
  if (kept.length === labels.length) throw new Error(`--name: no label "${key}" in deploy.labels`);
  return { ...func, deploy: { ...func.deploy, labels: kept } };
}

export type VolumeType = 'secret' | 'configmap' | 'pvc' | 'emptydir';

export interface VolumeSpec {
  type: string;
  source?: string;
  mountPath: string;
  readOnly?: boolean;
  medium?: string;
  sizeLimit?: string;
}

/** A volume from CLI flags (Knative's --type/--source/--mount-path); errors name the flag. */
export function volumeFrom(spec: VolumeSpec): Volume {
  const needSource = () => {
    if (!spec.source) throw new Error(`--source: required for a ${spec.type} volume`);
    return spec.source;
  };
  if (!spec.mountPath?.startsWith('/'))
    throw new Error(`--mount-path: "${spec.mountPath ?? ''}" must be an absolute path`);
  switch (spec.type) {
    case 'secret':
      return { secret: needSource(), path: spec.mountPath };
    case 'configmap':
      return { configMap: needSource(), path: spec.mountPath };
    case 'pvc':
      return {
        persistentVolumeClaim: { claimName: needSource(), ...(spec.readOnly ? { readOnly: true } : {}) },
        path: spec.mountPath,
      };
    case 'emptydir':
      return {
        emptyDir: {
          ...(spec.medium ? { medium: spec.medium } : {}),
          ...(spec.sizeLimit ? { sizeLimit: spec.sizeLimit } : {}),
        },
        path: spec.mountPath,
      };
    default:
      throw new Error(`--type: "${spec.type}" must be secret, configmap, pvc or emptydir`);
  }
}

export function addVolume(func: FuncYaml, volume: Volume): FuncYaml {
  const volumes = func.run?.volumes ?? [];
  if (volumes.some((v) => v.path === volume.path))
    throw new Error(`--mount-path: ${volume.path} is already used by a volume`);
  return { ...func, run: { ...func.run, volumes: [...volumes, volume] } };
}

export function removeVolume(func: FuncYaml, mountPath: string): FuncYaml {
  const volumes = func.run?.volumes ?? [];
  const kept = volumes.filter((v) => v.path !== mountPath);
  if (kept.length === volumes.length) throw new Error(`--mount-path: no volume mounted at ${mountPath}`);
  return { ...func, run: { ...func.run, volumes: kept } };
}

export function describeVolume(v: Volume): string {
  const kind =
    v.secret !== undefined
      ? `Secret "${v.secret}"`
      : v.configMap !== undefined
        ? `ConfigMap "${v.configMap}"`
        : v.persistentVolumeClaim
          ? `PersistentVolumeClaim "${v.persistentVolumeClaim.claimName ?? ''}"${v.persistentVolumeClaim.readOnly ? ' (read-only)' : ''}`
          : v.emptyDir
            ? `EmptyDir${v.emptyDir.medium === 'Memory' ? ' in memory' : ''}${v.emptyDir.sizeLimit ? ` up to ${v.emptyDir.sizeLimit}` : ''}`
            : 'no volume type';
  return `${kind} at ${v.path ?? '(no path)'}`;
}
