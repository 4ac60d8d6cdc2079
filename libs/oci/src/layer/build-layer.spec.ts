import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import * as tar from 'tar-stream';
import { sha256Digest } from '../digest';
import { MediaType } from '../media-types';
import { buildLayerToBuffer, planLayer } from './build-layer';
import { directoryEntries } from './directory-entries';
import type { LayerEntry } from './layer-entry';

async function listTar(gz: Buffer): Promise<
  Array<{
    name: string;
    type: string;
    mode: number;
    uid: number;
    gid: number;
    uname: string;
    mtime: number;
    linkname: string | null;
    body: string;
  }>
> {
  const extract = tar.extract();
  Readable.from([gz])
    .pipe(createGunzip())
    .pipe(extract as unknown as NodeJS.WritableStream);
  const out = [];
  for await (const entry of extract) {
    const chunks: Buffer[] = [];
    for await (const c of entry) chunks.push(c as Buffer);
    const h = entry.header;
    out.push({
      name: h.name,
      type: h.type,
      mode: h.mode,
      uid: h.uid,
      gid: h.gid,
      uname: h.uname,
      mtime: h.mtime.getTime(),
      linkname: h.linkname,
      body: Buffer.concat(chunks).toString(),
    });
  }
  return out;
}

const entries = (): LayerEntry[] => [
  { type: 'file', path: '/func/index.js', content: 'module.exports = 1;\n' },
  { type: 'file', path: 'func/package.json', content: Buffer.from('{}'), mode: 0o600 },
  { type: 'file', path: 'func/big.bin', size: 3, content: () => Readable.from([Buffer.from('abc')]) },
  { type: 'symlink', path: 'func/link', target: 'index.js' },
  { type: 'hardlink', path: 'func/zz-hard', target: 'func/index.js' },
  { type: 'directory', path: 'func/empty', mode: 0o700 },
];

describe('buildLayer', () => {
  it('is deterministic: two builds of the same input give the same digest and diff_id', async () => {
    const a = await buildLayerToBuffer(entries(), { uid: 1000, gid: 1000 });
    const b = await buildLayerToBuffer([...entries()].reverse(), { uid: 1000, gid: 1000 });
    expect(a.descriptor.digest).toBe(b.descriptor.digest);
    expect(a.diffId).toBe(b.diffId);
    expect(a.bytes.equals(b.bytes)).toBe(true);
    const other = await buildLayerToBuffer(entries(), {
      uid: 1000,
      gid: 1000,
      mtime: new Date(1_700_000_000_000),
    });
    expect(other.descriptor.digest).not.toBe(a.descriptor.digest);
  });

  it('computes digest over the gzip bytes and diff_id over the uncompressed tar in one pass', async () => {
    const built = await buildLayerToBuffer(entries());
    expect(built.descriptor).toEqual({
      mediaType: MediaType.ociLayerGzip,
      digest: sha256Digest(built.bytes),
      size: built.bytes.length,
    });
    const { gunzipSync } = await import('node:zlib');
    const tarBytes = gunzipSync(built.bytes);
    expect(built.diffId).toBe(sha256Digest(tarBytes));
    expect(built.uncompressedSize).toBe(tarBytes.length);
    expect(built.bytes[9]).toBe(3); // gzip OS byte normalized to Unix
  });

  it('writes sorted entries with parents, fixed mtime, explicit owner and no user names', async () => {
    const built = await buildLayerToBuffer(entries(), { uid: 1000, gid: 1000 });
    const listed = await listTar(built.bytes);
    expect(listed.map((e) => e.name)).toEqual([
      'func/',
      'func/big.bin',
      'func/empty/',
      'func/index.js',
      'func/link',
      'func/package.json',
      'func/zz-hard',
    ]);
    for (const e of listed) {
      expect(e.mtime).toBe(0);
      expect([e.uid, e.gid, e.uname]).toEqual([1000, 1000, '']);
    }
    const byName = Object.fromEntries(listed.map((e) => [e.name, e]));
    expect(byName['func/']!.mode).toBe(0o755);
    expect(byName['func/empty/']!.mode).toBe(0o700);
    expect(byName['func/package.json']!.mode).toBe(0o600);
    expect(byName['func/index.js']!.mode).toBe(0o644);
    expect(byName['func/big.bin']!.body).toBe('abc');
    expect(byName['func/link']).toMatchObject({ type: 'symlink', linkname: 'index.js' });
    expect(byName['func/zz-hard']).toMatchObject({ type: 'link', linkname: 'func/index.js' });
  });

  it('keeps the caller order when asked, parents still before their children', () => {
    const plan = planLayer(
      [
        { type: 'file', path: 'z/last', content: '' },
        { type: 'file', path: 'a/first', content: '' },
        { type: 'directory', path: 'z' },
      ],
      { preserveOrder: true },
    );
    expect(plan.map((p) => p.header.name)).toEqual(['z/', 'z/last', 'a/', 'a/first']);
  });

  it('writes whiteouts and opaque whiteouts for deleted paths', async () => {
    const built = await buildLayerToBuffer([{ type: 'file', path: 'etc/new', content: 'x' }], {
      deleted: ['/etc/old', 'usr/share/doc'],
      opaqueDirectories: ['var/cache'],
    });
    const names = (await listTar(built.bytes)).map((e) => e.name);
    expect(names).toEqual([
      'etc/',
      'etc/.wh.old',
      'etc/new',
      'usr/',
      'usr/share/',
      'usr/share/.wh.doc',
      'var/',
      'var/cache/',
      'var/cache/.wh..wh..opq',
    ]);
  });

  it('refuses duplicates, "..", streamed files without size, and dangling hard links, naming the entry', () => {
    expect(() =>
      planLayer([
        { type: 'file', path: 'a', content: '' },
        { type: 'file', path: '/a', content: '' },
      ]),
    ).toThrow('"/a" appears twice');
    expect(() => planLayer([{ type: 'file', path: 'a/../../b', content: '' }])).toThrow(
      '"a/../../b" must not contain ".."',
    );
    expect(() => planLayer([{ type: 'file', path: 's', content: () => Readable.from([]) }])).toThrow(
      '"s": a streamed file needs its size',
    );
    expect(() => planLayer([{ type: 'hardlink', path: 'h', target: 'missing' }])).toThrow('hard link "h"');
    expect(() =>
      planLayer([
        { type: 'file', path: 'f', content: '' },
        { type: 'file', path: 'f/x', content: '' },
      ]),
    ).toThrow('not a directory');
  });

  it('fails when a streamed file is shorter than its declared size', async () => {
    await expect(
      buildLayerToBuffer([
        { type: 'file', path: 'short', size: 10, content: () => Readable.from([Buffer.from('abc')]) },
      ]),
    ).rejects.toThrow('short');
  });
});

describe('tar encoding', () => {
  const longDir = 'd'.repeat(120);
  const longEntries = (): LayerEntry[] => [
    { type: 'file', path: `${longDir}/file.txt`, content: 'long' },
    { type: 'file', path: 'caf\u00e9/\u00fcber.txt', content: 'unicode' },
    { type: 'symlink', path: 'link', target: `${longDir}/${'t'.repeat(110)}` },
    { type: 'file', path: 'big-uid', content: 'x', uid: 65534, gid: 65534, mode: 0o4755 },
  ];

  it('writes long and non-ASCII names and link targets through PAX headers that tar-stream reads back', async () => {
    const built = await buildLayerToBuffer(longEntries());
    const listed = await listTar(built.bytes);
    const byName = Object.fromEntries(listed.map((e) => [e.name, e]));
    expect(byName[`${longDir}/file.txt`]!.body).toBe('long');
    expect(byName['caf\u00e9/\u00fcber.txt']!.body).toBe('unicode');
    expect(byName['link']!.linkname).toBe(`${longDir}/${'t'.repeat(110)}`);
    expect(byName['big-uid']).toMatchObject({ uid: 65534, gid: 65534, mode: 0o4755 });
  });

  it('GNU tar lists the same archive without complaint', async () => {
    const built = await buildLayerToBuffer(longEntries());
    const { execFileSync } = await import('node:child_process');
    const listing = execFileSync('tar', ['-tzf', '-'], { input: built.bytes, encoding: 'utf8' })
      .trim()
      .split('\n');
    expect(listing).toEqual([
      'big-uid',
      'caf\u00e9/',
      'caf\u00e9/\u00fcber.txt',
      `${longDir}/`,
      `${longDir}/file.txt`,
      'link',
    ]);
  });
});

describe('directoryEntries', () => {
  it('lists a host directory under a prefix with normalized modes, links and a filter', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'kuack-dirent-'));
    try {
      await fs.mkdir(path.join(dir, 'src'));
      await fs.mkdir(path.join(dir, '.git'));
      await fs.writeFile(path.join(dir, '.git', 'HEAD'), 'x');
      await fs.writeFile(path.join(dir, 'src', 'a.js'), 'a', { mode: 0o600 });
      await fs.writeFile(path.join(dir, 'run.sh'), 'b', { mode: 0o700 });
      await fs.link(path.join(dir, 'src', 'a.js'), path.join(dir, 'a-copy.js'));
      await fs.symlink('src/a.js', path.join(dir, 'alias.js'));
      const listed = await directoryEntries(dir, {
        prefix: '/func/',
        uid: 1000,
        gid: 1000,
        filter: (rel) => rel !== '.git',
      });
      const summary = listed.map((e) => [
        e.path,
        e.type,
        e.mode,
        e.type === 'symlink' || e.type === 'hardlink' ? e.target : undefined,
      ]);
      expect(summary).toEqual([
        ['func/a-copy.js', 'file', 0o644, undefined],
        ['func/alias.js', 'symlink', undefined, 'src/a.js'],
        ['func/run.sh', 'file', 0o755, undefined],
        ['func/src', 'directory', 0o755, undefined],
        ['func/src/a.js', 'hardlink', 0o644, 'func/a-copy.js'],
        ['func', 'directory', undefined, undefined],
      ]);
      const built = await buildLayerToBuffer(listed);
      const names = (await listTar(built.bytes)).map((e) => e.name);
      expect(names).toEqual([
        'func/',
        'func/a-copy.js',
        'func/alias.js',
        'func/run.sh',
        'func/src/',
        'func/src/a.js',
      ]);
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });
});
