import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { runCli } from './program';
import { REPO_ROOT, captureCli } from './testing/capture-cli';

const root = REPO_ROOT;
const { version } = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as {
  version: string;
};

const context = () => captureCli({ version });

describe('kuack', () => {
  it('prints its version as text and as JSON', async () => {
    const text = context();
    expect(await runCli(['version'], text.ctx)).toBe(0);
    expect(text.out()).toBe(`kuack ${version}\n`);
    const json = context();
    expect(await runCli(['version', '-o', 'json'], json.ctx)).toBe(0);
    expect(JSON.parse(json.out())).toEqual({ version, node: process.versions.node });
  });

  it('rejects an unknown command with exit 1 and a hint', async () => {
    const c = context();
    expect(await runCli(['frobnicate'], c.ctx)).toBe(1);
    expect(c.err()).toContain("unknown command 'frobnicate'");
    expect(c.err()).toContain('kuack --help');
  });

  it('up refuses an unknown --skip name with exit 2', async () => {
    const c = context();
    expect(
      await runCli(['up', '--skip', 'gatway', '--data-dir', path.join(root, 'tmp/cli-spec')], c.ctx),
    ).toBe(2);
    expect(c.err()).toContain('--skip: unknown component "gatway"');
  });

  it('the bin launcher builds the bundle when stale and prints the version of package.json', () => {
    const stdout = execFileSync(process.execPath, [path.join(root, 'bin/kuack.js'), 'version'], {
      cwd: root,
    });
    expect(String(stdout)).toBe(`kuack ${version}\n`);
  });
});
