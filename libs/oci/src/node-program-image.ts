import { promises as fs } from 'node:fs';
import type { Descriptor, Platform } from './descriptor';
import { writeImageManifest, writeLayer } from './image-writer';
import { hostPlatform } from './platform';
import type { ImageStore } from './store/image-store';

export interface NodeProgramImageInput {
  /** Tag in the store, e.g. `kuack.local/queue-proxy:dev`. */
  reference: string;
  /** A single-file (bundled) Node.js program on this machine. */
  file: string;
  /** The program's name: the image holds `/kuack/<name>.js`. */
  name: string;
  /** Default: this host's platform (the node agent runs it with the host's Node.js). */
  platform?: Platform;
}

const PROGRAM_NAME = /^[a-z0-9][a-z0-9._-]*$/;

/** Where the program lives inside the image. */
export function nodeProgramPath(name: string): string {
  return `/kuack/${name}.js`;
}

/**
 * Stores a one-layer image whose root holds `/kuack/<name>.js` with Entrypoint `["node", "/kuack/<name>.js"]`.
 * Deterministic: fixed mtimes and owners, no creation date, so the same file gives the same digest.
 */
export async function storeNodeProgramImage(
  store: ImageStore,
  input: NodeProgramImageInput,
): Promise<Descriptor> {
  if (!PROGRAM_NAME.test(input.name)) {
    throw new Error(`name "${input.name}" must match ${PROGRAM_NAME} (it becomes /kuack/<name>.js)`);
  }
  if (!input.reference) throw new Error('reference is required (e.g. kuack.local/queue-proxy:dev)');
  let size: number;
  try {
    const stat = await fs.stat(input.file);
    if (!stat.isFile()) throw new Error('not a regular file');
    size = stat.size;
  } catch (err) {
    throw new Error(`file ${input.file}: ${(err as Error).message}`);
  }
  const ingest = await store.beginIngest();
  const layer = await writeLayer(ingest.blobs, [
    { type: 'directory', path: 'kuack' },
    { type: 'file', path: `kuack/${input.name}.js`, content: { hostPath: input.file }, size, mode: 0o644 },
  ]);
  const manifest = await writeImageManifest(ingest.blobs, {
    platform: input.platform ?? hostPlatform(),
    layers: [layer],
    config: { Entrypoint: ['node', nodeProgramPath(input.name)], WorkingDir: '/' },
  });
  await ingest.commit(input.reference, manifest);
  return manifest;
}
