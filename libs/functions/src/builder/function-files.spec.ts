import { promises as fs } from 'node:fs';
import path from 'node:path';
import { FunctionBuildError } from './build-error';
import { fingerprintFiles } from './fingerprint';
import { funcIgnoreMatcher, listFunctionFiles, symlinkProblem } from './function-files';
import { writeFixtureFunction } from './testing/fixture-function';

describe('symlinkProblem', () => {
  it.each([
    ['lib/a', 'b', undefined],
    ['lib/a', '../index.js', undefined],
    ['a', './x/../y', undefined],
    ['lib/a', '../../etc/passwd', 'outside the function folder'],
    ['a', '..', 'outside the function folder'],
    ['a', '/etc/passwd', 'absolute path'],
  ])('%s -> %s', (at, target, problem) => {
    const result = symlinkProblem(at, target);
    if (problem === undefined) expect(result).toBeUndefined();
    else expect(result).toContain(problem);
  });
});

describe('funcIgnoreMatcher', () => {
  const ignored = funcIgnoreMatcher('*.log\n/build\n!keep.log\n');
  it.each([
    ['.git', true, true],
    ['.func', true, true],
    ['node_modules', true, true],
    ['src/node_modules', true, false],
    ['debug.log', false, true],
    ['keep.log', false, false],
    ['build', true, true],
    ['src/build', true, false],
    ['index.js', false, false],
  ])('%s (dir %s) ignored: %s', (p, isDir, expected) => {
    expect(ignored(p, isDir)).toBe(expected);
  });
});

describe('listFunctionFiles', () => {
  it('lists sorted files, honours .funcignore and skips .git/.func/node_modules', async () => {
    const root = await writeFixtureFunction({
      files: {
        '.git/HEAD': 'x',
        '.func/built-hash': 'x',
        'node_modules/a/index.js': 'x',
        'lib/util.js': '1',
      },
    });
    const files = await listFunctionFiles(root);
    expect(files.map((f) => f.relativePath)).toEqual([
      '.funcignore',
      'func.yaml',
      'index.js',
      'lib',
      'lib/util.js',
      'package.json',
    ]);
  });

  it('keeps a symlink inside the root and refuses one that escapes', async () => {
    const root = await writeFixtureFunction();
    await fs.symlink('index.js', path.join(root, 'main.js'));
    expect((await listFunctionFiles(root)).find((f) => f.relativePath === 'main.js')).toMatchObject({
      type: 'symlink',
      linkTarget: 'index.js',
    });
    await fs.symlink('../../etc/passwd', path.join(root, 'escape'));
    await expect(listFunctionFiles(root)).rejects.toThrow(FunctionBuildError);
    await expect(listFunctionFiles(root)).rejects.toThrow(
      'symlink "escape" points to "../../etc/passwd", outside the function folder',
    );
  });

  it('fingerprint changes with content and mode, not with ignored files', async () => {
    const root = await writeFixtureFunction();
    const before = fingerprintFiles(await listFunctionFiles(root));
    await fs.writeFile(path.join(root, 'debug.log'), 'changed');
    expect(fingerprintFiles(await listFunctionFiles(root))).toBe(before);
    await fs.writeFile(path.join(root, 'index.js'), 'changed');
    const changed = fingerprintFiles(await listFunctionFiles(root));
    expect(changed).not.toBe(before);
    await fs.chmod(path.join(root, 'index.js'), 0o755);
    expect(fingerprintFiles(await listFunctionFiles(root))).not.toBe(changed);
  });
});
