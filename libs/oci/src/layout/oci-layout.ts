import { promises as fs } from 'node:fs';
import path from 'node:path';
import { Annotation } from '../annotations';
import { assertDescriptor, type Descriptor } from '../descriptor';
import { verifyBytes } from '../digest';
import { atomicWriteFile, pathExists } from '../fs/atomic-file';
import type { ImageIndex } from '../image.types';
import { MediaType } from '../media-types';
import { BlobDirectory } from './blob-directory';

export const OCI_LAYOUT_VERSION = '1.0.0';

/**
 * An OCI image layout directory (image-spec image-layout.md): `oci-layout`, `index.json` and
 * `blobs/sha256/<hex>`. Tags live in `index.json` as `org.opencontainers.image.ref.name` annotations, which is
 * what umoci and skopeo's `oci:` transport read.
 */
export class OciLayout {
  readonly blobs: BlobDirectory;

  private constructor(readonly root: string) {
    this.blobs = new BlobDirectory(root);
  }

  /** Opens a layout, creating `oci-layout`, `index.json` and `blobs/` when the directory is new. */
  static async create(root: string): Promise<OciLayout> {
    await fs.mkdir(path.join(root, 'blobs', 'sha256'), { recursive: true });
    const layoutFile = path.join(root, 'oci-layout');
    if (!(await pathExists(layoutFile))) {
      await atomicWriteFile(layoutFile, JSON.stringify({ imageLayoutVersion: OCI_LAYOUT_VERSION }));
    }
    const layout = new OciLayout(root);
    if (!(await pathExists(layout.indexPath))) await layout.writeIndex(emptyIndex());
    return layout;
  }

  /** Opens an existing layout; throws naming the file when it is not one. */
  static async open(root: string): Promise<OciLayout> {
    const layoutFile = path.join(root, 'oci-layout');
    let parsed: unknown;
    try {
      parsed = JSON.parse(await fs.readFile(layoutFile, 'utf8'));
    } catch (err) {
      throw new Error(`${layoutFile}: not an OCI image layout (${(err as Error).message})`);
    }
    const version = (parsed as { imageLayoutVersion?: unknown }).imageLayoutVersion;
    if (version !== OCI_LAYOUT_VERSION) {
      throw new Error(`${layoutFile}: imageLayoutVersion "${String(version)}" is not ${OCI_LAYOUT_VERSION}`);
    }
    return new OciLayout(root);
  }

  get indexPath(): string {
    return path.join(this.root, 'index.json');
  }

  async readIndex(): Promise<ImageIndex> {
    const raw = await fs.readFile(this.indexPath, 'utf8');
    return parseIndexJson(raw, this.indexPath);
  }

  async writeIndex(index: ImageIndex): Promise<void> {
    await atomicWriteFile(this.indexPath, JSON.stringify(index));
  }

  /** Adds `descriptor` to index.json under `refName`, replacing an entry with the same name. Not locked. */
  async tag(descriptor: Descriptor, refName: string): Promise<void> {
    const index = await this.readIndex();
    index.manifests = withRef(index.manifests, descriptor, refName);
    await this.writeIndex(index);
  }

  async resolve(refName: string): Promise<Descriptor | undefined> {
    const index = await this.readIndex();
    return index.manifests.find((m) => m.annotations?.[Annotation.refName] === refName);
  }

  /** Reads a JSON blob (manifest, index, config) and checks it against its descriptor. */
  async readJson<T>(descriptor: Descriptor): Promise<{ document: T; bytes: Buffer }> {
    const bytes = await this.blobs.readBytes(descriptor.digest);
    verifyBytes(bytes, descriptor.digest, `blob ${descriptor.digest} in ${this.root}`);
    return { document: JSON.parse(bytes.toString('utf8')) as T, bytes };
  }
}

export function emptyIndex(): ImageIndex {
  return { schemaVersion: 2, mediaType: MediaType.ociIndex, manifests: [] };
}

/** The descriptor list with `descriptor` tagged `refName` and no other entry carrying that name. */
export function withRef(manifests: Descriptor[], descriptor: Descriptor, refName: string): Descriptor[] {
  const others = manifests.filter((m) => m.annotations?.[Annotation.refName] !== refName);
  const tagged: Descriptor = {
    ...descriptor,
    annotations: { ...(descriptor.annotations ?? {}), [Annotation.refName]: refName },
  };
  return [...others, tagged];
}

export function parseIndexJson(raw: string, where: string): ImageIndex {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch (err) {
    throw new Error(`${where}: invalid JSON (${(err as Error).message})`);
  }
  const index = parsed as Partial<ImageIndex>;
  if (index.schemaVersion !== 2) throw new Error(`${where}: schemaVersion must be 2`);
  if (!Array.isArray(index.manifests)) throw new Error(`${where}: manifests must be an array`);
  index.manifests.forEach((m, i) => assertDescriptor(m, `${where}: manifests[${i}]`));
  return index as ImageIndex;
}
