import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { rawTar, type RawTarEntry } from '../testing/raw-tar';
import { unpackLayer } from './unpack-layer';
import { UnsafeEntryError } from './unsafe-entry-error';

let work: string;
let root: string;
let outside: string;

beforeEach(async () => {
  work = await fs.mkdtemp(path.join(os.tmpdir(), 'kuack-unpack-'));
  root = path.join(work, 'rootfs');
  outside = path.join(work, 'outside');
  await fs.mkdir(root);
  await fs.mkdir(outside);
  await fs.writeFile(path.join(outside, 'secret'), 'untouched');
});

afterEach(async () => {
  await fs.chmod(root, 0o755).catch(() => undefined);
  await fs.rm(work, { recursive: true, force: true });
});

async function apply(entries: RawTarEntry[]) {
  return unpackLayer(Readable.from([await rawTar(entries)]), root);
}

async function read(rel: string): Promise<string> {
  return fs.readFile(path.join(root, rel), 'utf8');
}

async function exists(p: string): Promise<boolean> {
  return fs.lstat(p).then(
    () => true,
    () => false,
  );
}

describe('unpackLayer: hostile entries are refused, naming the entry', () => {
  const cases: Array<{ title: string; entries: RawTarEntry[]; entry: string }> = [
    {
      title: 'parent traversal',
      entries: [{ name: '../outside/evil', content: 'x' }],
      entry: '../outside/evil',
    },
    {
      title: 'traversal in the middle',
      entries: [{ name: 'a/../../outside/evil', content: 'x' }],
      entry: 'a/../../outside/evil',
    },
    { title: 'absolute path', entries: [{ name: '/tmp/evil', content: 'x' }], entry: '/tmp/evil' },
    {
      title: 'a relative symlink pointing outside, then written through',
      entries: [
        { name: 'link', type: 'symlink', linkname: '../outside' },
        { name: 'link/secret', content: 'overwritten' },
      ],
      entry: 'link/secret',
    },
    {
      title: 'a chain of symlinks leading outside',
      entries: [
        { name: 'a', type: 'symlink', linkname: 'b/../..' },
        { name: 'b', type: 'directory' },
        { name: 'a/outside/secret', content: 'overwritten' },
      ],
      entry: 'a/outside/secret',
    },
    {
      title: 'a deep symlink climbing out',
      entries: [
        { name: 'd/e', type: 'directory' },
        { name: 'd/e/up', type: 'symlink', linkname: '../../../outside' },
        { name: 'd/e/up/new', content: 'x' },
      ],
      entry: 'd/e/up/new',
    },
    {
      title: 'a hard link to a file outside',
      entries: [{ name: 'hl', type: 'link', linkname: '../outside/secret' }],
      entry: 'hl',
    },
    {
      title: 'a hard link with an absolute target',
      entries: [{ name: 'hl', type: 'link', linkname: '/etc/passwd' }],
      entry: 'hl',
    },
    {
      title: 'a hard link through a symlink that leads outside',
      entries: [
        { name: 'out', type: 'symlink', linkname: '../outside' },
        { name: 'hl', type: 'link', linkname: 'out/secret' },
      ],
      entry: 'hl',
    },
    {
      title: 'a whiteout through a symlink that leads outside',
      entries: [
        { name: 'out', type: 'symlink', linkname: '../outside' },
        { name: 'out/.wh.secret', content: '' },
      ],
      entry: 'out/.wh.secret',
    },
    {
      title: 'an opaque whiteout through a symlink that leads outside',
      entries: [
        { name: 'out', type: 'symlink', linkname: '..' },
        { name: 'out/.wh..wh..opq', content: '' },
      ],
      entry: 'out/.wh..wh..opq',
    },
  ];

  it.each(cases)('$title', async ({ entries, entry }) => {
    const failure = await apply(entries).then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(failure).toBeInstanceOf(UnsafeEntryError);
    expect((failure as UnsafeEntryError).entry).toBe(entry);
    expect((failure as Error).message).toContain(`"${entry}"`);
    expect(await fs.readFile(path.join(outside, 'secret'), 'utf8')).toBe('untouched');
    expect((await fs.readdir(outside)).sort()).toEqual(['secret']);
    expect(await exists(path.join(work, 'evil'))).toBe(false);
  });
});

describe('unpackLayer: regular content', () => {
  it('writes files, directories, symlinks and hard links with their modes', async () => {
    await apply([
      { name: 'bin/', type: 'directory', mode: 0o755 },
      { name: 'bin/tool', content: '#!/bin/sh\n', mode: 0o750 },
      { name: 'bin/tool2', type: 'link', linkname: 'bin/tool' },
      { name: 'etc/conf', content: 'a=1', mode: 0o600 },
      { name: 'etc/link', type: 'symlink', linkname: 'conf' },
      { name: 'ro/', type: 'directory', mode: 0o555 },
      { name: 'ro/inside', content: 'ok' },
    ]);
    expect(await read('bin/tool')).toBe('#!/bin/sh\n');
    expect((await fs.stat(path.join(root, 'bin/tool'))).mode & 0o7777).toBe(0o750);
    expect((await fs.stat(path.join(root, 'bin/tool'))).ino).toBe(
      (await fs.stat(path.join(root, 'bin/tool2'))).ino,
    );
    expect((await fs.stat(path.join(root, 'etc/conf'))).mode & 0o7777).toBe(0o600);
    expect(await fs.readlink(path.join(root, 'etc/link'))).toBe('conf');
    expect(await read('etc/link')).toBe('a=1');
    expect((await fs.stat(path.join(root, 'ro'))).mode & 0o7777).toBe(0o555);
    expect(await read('ro/inside')).toBe('ok');
    await fs.chmod(path.join(root, 'ro'), 0o755);
  });

  it('follows an absolute symlink inside the image root, never the host path', async () => {
    const hostTarget = path.join(outside, 'abs');
    await apply([
      { name: 'run/', type: 'directory' },
      { name: 'var/run', type: 'symlink', linkname: '/run' },
      { name: 'var/run/pid', content: '1' },
      { name: 'abs', type: 'symlink', linkname: hostTarget },
      { name: 'abs/file', content: 'contained' },
    ]);
    expect(await read('run/pid')).toBe('1');
    expect(await read(path.join(hostTarget.slice(1), 'file'))).toBe('contained');
    expect(await exists(hostTarget)).toBe(false);
  });

  it('replaces a symlink by a file without writing through it', async () => {
    await apply([{ name: 'x', type: 'symlink', linkname: '../outside/secret' }]);
    await apply([{ name: 'x', content: 'new' }]);
    expect((await fs.lstat(path.join(root, 'x'))).isFile()).toBe(true);
    expect(await read('x')).toBe('new');
    expect(await fs.readFile(path.join(outside, 'secret'), 'utf8')).toBe('untouched');
  });

  it('skips devices and FIFOs and reports them', async () => {
    const result = await apply([
      { name: 'dev/null', type: 'character-device' },
      { name: 'pipe', type: 'fifo' },
      { name: 'ok', content: '' },
    ]);
    expect(result.skipped).toEqual(['dev/null', 'pipe']);
    expect(await exists(path.join(root, 'pipe'))).toBe(false);
    expect(await exists(path.join(root, 'ok'))).toBe(true);
  });
});

describe('unpackLayer: whiteouts across layers', () => {
  it('a whiteout deletes the lower file or directory; an opaque whiteout hides the lower directory content', async () => {
    await apply([
      { name: 'a/keep', content: '1' },
      { name: 'a/gone', content: '2' },
      { name: 'dir/sub/deep', content: '3' },
      { name: 'opq/old1', content: '4' },
      { name: 'opq/sub/old2', content: '5' },
    ]);
    await apply([
      { name: 'a/.wh.gone', content: '' },
      { name: '.wh.dir', content: '' },
      { name: 'opq/new', content: 'n' },
      { name: 'opq/.wh..wh..opq', content: '' },
      { name: 'opq/sub/', type: 'directory' },
    ]);
    expect(await read('a/keep')).toBe('1');
    expect(await exists(path.join(root, 'a/gone'))).toBe(false);
    expect(await exists(path.join(root, 'a/.wh.gone'))).toBe(false);
    expect(await exists(path.join(root, 'dir'))).toBe(false);
    expect((await fs.readdir(path.join(root, 'opq'))).sort()).toEqual(['new', 'sub']);
    expect(await fs.readdir(path.join(root, 'opq/sub'))).toEqual([]);
  });

  it('a whiteout does not delete what the same layer wrote', async () => {
    await apply([
      { name: 'f', content: 'same layer' },
      { name: '.wh.f', content: '' },
    ]);
    expect(await read('f')).toBe('same layer');
  });
});
