import path from 'node:path';
import type { DownwardApiFile, KeyToPath, Pod, Volume } from './pod.types';

/** One file of a projected volume (configMap, secret, downwardAPI), relative to the volume's folder. */
export interface VolumeFile {
  path: string;
  content: Buffer;
  mode: number;
}

/** A volume that cannot be set up (the kubelet's FailedMount): a missing ConfigMap/Secret or key. */
export class VolumeError extends Error {}

/** The kubelet's default mode of projected files (0644). */
export const DEFAULT_FILE_MODE = 0o644;

/** ConfigMap data (text) and binaryData (base64), or Secret data (base64), as bytes by key. */
export type SourceData = Record<string, Buffer>;

export function configMapData(cm: {
  data?: Record<string, string>;
  binaryData?: Record<string, string>;
}): SourceData {
  return {
    ...Object.fromEntries(Object.entries(cm.binaryData ?? {}).map(([k, v]) => [k, Buffer.from(v, 'base64')])),
    ...Object.fromEntries(Object.entries(cm.data ?? {}).map(([k, v]) => [k, Buffer.from(v, 'utf8')])),
  };
}

export function secretData(secret: { data?: Record<string, string> }): SourceData {
  return Object.fromEntries(Object.entries(secret.data ?? {}).map(([k, v]) => [k, Buffer.from(v, 'base64')]));
}

/** A relative file path that stays inside the volume (no absolute path, no `..` element). */
export function checkRelativePath(p: string, where: string): string {
  if (p === '' || path.posix.isAbsolute(p) || p.split('/').includes('..'))
    throw new VolumeError(`${where}: path "${p}" must be relative and may not contain ".."`);
  return p;
}

/**
 * The files of a configMap or secret volume: every key (or only `items`, at their paths and modes), mode
 * `items[].mode` ?? `defaultMode` ?? 0644. A missing source or item key fails unless `optional` (then it is
 * an empty volume / a skipped key), as on a kubelet.
 */
export function keyFiles(
  kind: 'configmap' | 'secret',
  name: string,
  data: SourceData | undefined,
  source: { items?: KeyToPath[]; defaultMode?: number; optional?: boolean },
): VolumeFile[] {
  if (!data) {
    if (source.optional) return [];
    throw new VolumeError(`${kind} "${name}" not found`);
  }
  const mode = source.defaultMode ?? DEFAULT_FILE_MODE;
  if (!source.items?.length)
    return Object.keys(data)
      .sort()
      .map((key) => ({ path: checkRelativePath(key, `${kind} "${name}"`), content: data[key], mode }));
  const files: VolumeFile[] = [];
  for (const item of source.items) {
    if (!(item.key in data)) {
      if (source.optional) continue;
      throw new VolumeError(`${kind} "${name}" references non-existent key: ${item.key}`);
    }
    files.push({
      path: checkRelativePath(item.path, `${kind} "${name}" item ${item.key}`),
      content: data[item.key],
      mode: item.mode ?? mode,
    });
  }
  return files;
}

/** `key="value"` lines, sorted by key, as the kubelet writes labels and annotations. */
function formatMap(map: Record<string, string> | undefined): string {
  return Object.keys(map ?? {})
    .sort()
    .map((k) => `${k}=${JSON.stringify(map![k])}`)
    .join('\n');
}

function downwardValue(pod: Pod, fieldPath: string, volume: string): string {
  const meta = pod.metadata;
  switch (fieldPath) {
    case 'metadata.name':
      return meta.name ?? '';
    case 'metadata.namespace':
      return meta.namespace ?? '';
    case 'metadata.uid':
      return meta.uid ?? '';
    case 'metadata.labels':
      return formatMap(meta.labels);
    case 'metadata.annotations':
      return formatMap(meta.annotations);
  }
  const label = /^metadata\.labels\['(.+)'\]$/.exec(fieldPath);
  if (label) return meta.labels?.[label[1]] ?? '';
  const annotation = /^metadata\.annotations\['(.+)'\]$/.exec(fieldPath);
  if (annotation) return meta.annotations?.[annotation[1]] ?? '';
  throw new VolumeError(`downwardAPI volume "${volume}": fieldPath "${fieldPath}" is not supported locally`);
}

/** The files of a downwardAPI volume (fieldRef items; resourceFieldRef is not supported locally). */
export function downwardApiFiles(
  pod: Pod,
  volume: string,
  source: { items?: DownwardApiFile[]; defaultMode?: number },
): VolumeFile[] {
  return (source.items ?? []).map((item) => {
    if (!item.fieldRef)
      throw new VolumeError(
        `downwardAPI volume "${volume}" item ${item.path}: only fieldRef is supported locally`,
      );
    return {
      path: checkRelativePath(item.path, `downwardAPI volume "${volume}"`),
      content: Buffer.from(downwardValue(pod, item.fieldRef.fieldPath, volume), 'utf8'),
      mode: item.mode ?? source.defaultMode ?? DEFAULT_FILE_MODE,
    };
  });
}

/** What a volume is made of: an empty folder, files, or a kind the agent cannot honour. */
export type VolumePlan =
  | { kind: 'emptyDir' }
  | { kind: 'hostPath'; path: string }
  | { kind: 'files'; files: VolumeFile[] }
  | { kind: 'unsupported'; message: string };

export interface VolumeSources {
  configMaps: Map<string, SourceData | undefined>;
  secrets: Map<string, SourceData | undefined>;
}

export function planVolume(pod: Pod, volume: Volume, sources: VolumeSources): VolumePlan {
  if (volume.emptyDir) return { kind: 'emptyDir' };
  if (volume.hostPath) return { kind: 'hostPath', path: volume.hostPath.path };
  if (volume.projected) return { kind: 'files', files: projectedFiles(pod, volume, sources) };
  if (volume.configMap)
    return {
      kind: 'files',
      files: keyFiles(
        'configmap',
        volume.configMap.name,
        sources.configMaps.get(volume.configMap.name),
        volume.configMap,
      ),
    };
  if (volume.secret)
    return {
      kind: 'files',
      files: keyFiles(
        'secret',
        volume.secret.secretName,
        sources.secrets.get(volume.secret.secretName),
        volume.secret,
      ),
    };
  if (volume.downwardAPI)
    return { kind: 'files', files: downwardApiFiles(pod, volume.name, volume.downwardAPI) };
  const kind = Object.keys(volume).find((k) => k !== 'name') ?? 'unknown';
  return {
    kind: 'unsupported',
    message: `volume "${volume.name}": ${kind} volumes are not supported in local mode`,
  };
}

/**
 * A projected volume: its configMap, secret and downwardAPI sources in one folder. serviceAccountToken sources
 * (the API server's ServiceAccount admission adds one to every Pod) are left out: local Pods get no token.
 */
function projectedFiles(pod: Pod, volume: Volume, sources: VolumeSources): VolumeFile[] {
  const defaultMode = volume.projected?.defaultMode;
  return (volume.projected?.sources ?? []).flatMap((source) => {
    if (source.configMap)
      return keyFiles('configmap', source.configMap.name, sources.configMaps.get(source.configMap.name), {
        ...source.configMap,
        defaultMode,
      });
    if (source.secret)
      return keyFiles('secret', source.secret.name, sources.secrets.get(source.secret.name), {
        ...source.secret,
        defaultMode,
      });
    if (source.downwardAPI) return downwardApiFiles(pod, volume.name, { ...source.downwardAPI, defaultMode });
    return [];
  });
}

/** The ConfigMaps and Secrets the Pod's volumes project. */
export function volumeSourceNames(pod: Pod): { configMaps: string[]; secrets: string[] } {
  const configMaps = new Set<string>();
  const secrets = new Set<string>();
  for (const v of pod.spec.volumes ?? []) {
    if (v.configMap) configMaps.add(v.configMap.name);
    if (v.secret) secrets.add(v.secret.secretName);
    for (const s of v.projected?.sources ?? []) {
      if (s.configMap) configMaps.add(s.configMap.name);
      if (s.secret) secrets.add(s.secret.name);
    }
  }
  return { configMaps: [...configMaps], secrets: [...secrets] };
}
