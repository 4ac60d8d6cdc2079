import os from 'node:os';
import path from 'node:path';
import { promises as fs } from 'node:fs';
import {
  OciLayout,
  pushImage,
  RegistryClient,
  writeImageIndex,
  writeImageManifest,
  writeLayer,
  type Descriptor,
  type Platform,
} from '@kuack/oci';

export const STAND_IN_PLATFORMS: Platform[] = [
  { os: 'linux', architecture: 'amd64' },
  { os: 'linux', architecture: 'arm64', variant: 'v8' },
];

/**
 * Pushes a two-platform stand-in for the Node.js base image (no public registry is reachable from the test
 * machine): a shared layer with /etc/os-release and one per platform with /usr/local/bin/node naming its
 * architecture, and the base env (PATH, NODE_VERSION). Returns the reference.
 */
export async function pushStandInBase(
  registry: string,
  repository: string,
): Promise<{ reference: string; index: Descriptor }> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'kuack-base-'));
  try {
    const layout = await OciLayout.create(dir);
    const shared = await writeLayer(layout.blobs, [
      { type: 'file', path: 'etc/os-release', content: 'ID=stand-in\n' },
    ]);
    const manifests: Descriptor[] = [];
    for (const platform of STAND_IN_PLATFORMS) {
      const node = await writeLayer(layout.blobs, [
        {
          type: 'file',
          path: 'usr/local/bin/node',
          content: `#!/bin/sh\necho node for ${platform.architecture}\n`,
          mode: 0o755,
        },
      ]);
      manifests.push(
        await writeImageManifest(layout.blobs, {
          platform,
          layers: [shared, node],
          config: { Env: ['PATH=/usr/local/bin:/usr/bin:/bin', 'NODE_VERSION=20.20.0'], Cmd: ['node'] },
        }),
      );
    }
    const index = await writeImageIndex(layout.blobs, manifests);
    const client = new RegistryClient(registry, undefined);
    try {
      await pushImage(client, repository, layout.blobs, index, { tag: '20' });
    } finally {
      await client.close();
    }
    return { reference: `${registry}/${repository}:20`, index };
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}
