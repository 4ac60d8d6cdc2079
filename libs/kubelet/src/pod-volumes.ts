import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { Container, Pod } from './pod.types';
import {
  type VolumeFile,
  VolumeError,
  type VolumeSources,
  checkRelativePath,
  planVolume,
} from './volume-files';

/** Where a container sees a volume (mountPath) and where it is on this machine; KUACK_VOLUME_MOUNTS of the shim. */
export interface VolumeMapping {
  mountPath: string;
  hostPath: string;
  readOnly: boolean;
}

/** A mount of a volume kind the agent cannot provide (no retry helps): the container waits with this reason. */
export class VolumeNotSupportedError extends Error {}

/**
 * The volumes of one Pod as folders under `<volumesDir>/<pod uid>/<volume>`: emptyDir kept across container
 * and agent restarts, configMap/secret/downwardAPI/projected files written at Pod start (into a temp folder,
 * then swapped in), hostPath as is. Removed when the Pod is.
 */
export class PodVolumes {
  private readonly hostPaths = new Map<string, string>();
  private readonly unsupported = new Map<string, string>();
  /** configMap, secret, downwardAPI and projected volumes are read-only, as on a kubelet. */
  private readonly fileVolumes = new Set<string>();

  constructor(private readonly dir: string) {}

  async setUp(pod: Pod, sources: VolumeSources): Promise<void> {
    for (const volume of pod.spec.volumes ?? []) {
      let plan;
      try {
        checkRelativePath(volume.name, 'volume name');
        plan = planVolume(pod, volume, sources);
      } catch (err) {
        throw new VolumeError(
          `MountVolume.SetUp failed for volume "${volume.name}" : ${(err as Error).message}`,
        );
      }
      const target = path.join(this.dir, volume.name);
      if (plan.kind === 'unsupported') this.unsupported.set(volume.name, plan.message);
      else if (plan.kind === 'hostPath') this.hostPaths.set(volume.name, plan.path);
      else if (plan.kind === 'emptyDir') await fs.mkdir(target, { recursive: true });
      else {
        await this.writeFiles(target, plan.files);
        this.fileVolumes.add(volume.name);
      }
    }
  }

  private async writeFiles(target: string, files: VolumeFile[]): Promise<void> {
    const tmp = `${target}.tmp-${randomBytes(4).toString('hex')}`;
    await fs.mkdir(tmp, { recursive: true });
    for (const file of files) {
      const full = path.join(tmp, file.path);
      await fs.mkdir(path.dirname(full), { recursive: true });
      await fs.writeFile(full, file.content, { mode: file.mode });
      await fs.chmod(full, file.mode); // writeFile's mode is filtered by the umask
    }
    await fs.rm(target, { recursive: true, force: true });
    await fs.rename(tmp, target);
  }

  /** The container's volumeMounts as mappings; throws for an unknown volume or one the agent cannot provide. */
  mountsFor(pod: Pod, container: Container): VolumeMapping[] {
    const names = new Set((pod.spec.volumes ?? []).map((v) => v.name));
    return (container.volumeMounts ?? []).map((mount) => {
      if (!names.has(mount.name))
        throw new VolumeError(
          `container ${container.name}: volumeMount "${mount.name}" names no volume of the Pod`,
        );
      const unsupported = this.unsupported.get(mount.name);
      if (unsupported) throw new VolumeNotSupportedError(unsupported);
      let hostPath = this.hostPaths.get(mount.name) ?? path.join(this.dir, mount.name);
      if (mount.subPath)
        hostPath = path.join(
          hostPath,
          checkRelativePath(mount.subPath, `volumeMount "${mount.name}" subPath`),
        );
      return {
        mountPath: path.posix.normalize(mount.mountPath),
        hostPath,
        readOnly: mount.readOnly === true || this.fileVolumes.has(mount.name),
      };
    });
  }

  async tearDown(): Promise<void> {
    await fs.rm(this.dir, { recursive: true, force: true });
  }
}

/** Removes the volume folders of Pods that are gone (deleted while the agent was down). */
export async function removeStaleVolumes(volumesDir: string, keep: Set<string>): Promise<string[]> {
  let entries: string[];
  try {
    entries = await fs.readdir(volumesDir);
  } catch {
    return [];
  }
  const stale = entries.filter((uid) => !keep.has(uid));
  await Promise.all(stale.map((uid) => fs.rm(path.join(volumesDir, uid), { recursive: true, force: true })));
  return stale;
}
