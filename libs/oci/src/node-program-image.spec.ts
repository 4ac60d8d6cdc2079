import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { storeNodeProgramImage } from './node-program-image';
import { ImageStore } from './store/image-store';
import { unpackImage } from './unpack/unpack-image';

let work: string;
beforeEach(async () => {
  work = await fs.mkdtemp(path.join(os.tmpdir(), 'kuack-nodeprog-'));
});
afterEach(() => fs.rm(work, { recursive: true, force: true }));

async function program(content: string): Promise<string> {
  const file = path.join(work, `prog-${Math.random().toString(36).slice(2)}.js`);
  await fs.writeFile(file, content);
  return file;
}

describe('storeNodeProgramImage', () => {
  it('stores /kuack/<name>.js with Entrypoint node /kuack/<name>.js under the reference', async () => {
    const store = await ImageStore.open(path.join(work, 'store'));
    const file = await program('console.log("qp")\n');
    const descriptor = await storeNodeProgramImage(store, {
      reference: 'kuack.local/queue-proxy:dev',
      file,
      name: 'queue-proxy',
    });
    expect((await store.resolve('kuack.local/queue-proxy:dev'))?.digest).toBe(descriptor.digest);
    const image = await store.resolveImage('kuack.local/queue-proxy:dev');
    expect(image.config.config?.Entrypoint).toEqual(['node', '/kuack/queue-proxy.js']);
    expect(image.manifest.layers).toHaveLength(1);
    const rootfs = path.join(work, 'rootfs');
    await unpackImage(image.layers, rootfs);
    expect(await fs.readFile(path.join(rootfs, 'kuack/queue-proxy.js'), 'utf8')).toBe('console.log("qp")\n');
  });

  it('is deterministic: the same file gives the same digest, another file another digest', async () => {
    const a = await storeNodeProgramImage(await ImageStore.open(path.join(work, 's1')), {
      reference: 'kuack.local/p:dev',
      file: await program('same'),
      name: 'p',
    });
    const b = await storeNodeProgramImage(await ImageStore.open(path.join(work, 's2')), {
      reference: 'kuack.local/p:dev',
      file: await program('same'),
      name: 'p',
    });
    const c = await storeNodeProgramImage(await ImageStore.open(path.join(work, 's3')), {
      reference: 'kuack.local/p:dev',
      file: await program('different'),
      name: 'p',
    });
    expect(a.digest).toBe(b.digest);
    expect(c.digest).not.toBe(a.digest);
  });

  it('names the bad field: a missing file or a name that is not a file name', async () => {
    const store = await ImageStore.open(path.join(work, 'store'));
    await expect(
      storeNodeProgramImage(store, { reference: 'r:1', file: path.join(work, 'missing.js'), name: 'p' }),
    ).rejects.toThrow(/missing\.js/);
    await expect(
      storeNodeProgramImage(store, { reference: 'r:1', file: await program('x'), name: '../evil' }),
    ).rejects.toThrow(/name "\.\.\/evil"/);
  });
});
