import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCli } from '../program';
import { REPO_ROOT, captureCli as context } from '../testing/capture-cli';

const root = REPO_ROOT;

describe('kuack validate', () => {
  const prev = process.cwd();
  beforeAll(() => process.chdir(root));
  afterAll(() => process.chdir(prev));

  it('exits 0 for the valid examples', async () => {
    const c = context();
    expect(await runCli(['validate', '-f', 'examples/manifests'], c.ctx)).toBe(0);
    expect(c.out()).toMatch(/^\d+ objects valid\n$/);
  });

  it('exits 1 for the invalid examples and names file, object, path and message', async () => {
    const c = context();
    expect(await runCli(['validate', '-f', 'examples/manifests/invalid'], c.ctx)).toBe(1);
    expect(c.out()).toContain(
      'examples/manifests/invalid/serving-traffic.yaml: Service default/bad-traffic: spec.traffic: Traffic targets sum to 130, want 100\n',
    );
    expect(c.out()).toContain(
      'Podcast default/not-a-kind: kind: unknown kind: Podcast in serving.knative.dev/v1',
    );
    expect(c.err()).toMatch(/kuack: validate: \d+ of \d+ objects are invalid/);
  });

  it('takes several -f, and -o yaml prints the defaulted objects', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kuack-validate-'));
    const file = path.join(dir, 'svc.json');
    fs.writeFileSync(
      file,
      JSON.stringify({
        apiVersion: 'serving.knative.dev/v1',
        kind: 'Service',
        metadata: { name: 'j' },
        spec: { template: { spec: { containers: [{ image: 'nginx' }] } } },
      }),
    );
    const c = context();
    expect(
      await runCli(
        ['validate', '-f', file, '-f', 'examples/manifests/serving-hello.yaml', '-o', 'yaml'],
        c.ctx,
      ),
    ).toBe(0);
    expect(c.out().split('---\n')).toHaveLength(2);
    expect(c.out()).toContain('containerConcurrency: 0');
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('a missing file is a usage error', async () => {
    const c = context();
    expect(await runCli(['validate', '-f', 'nope.yaml'], c.ctx)).toBe(2);
    expect(c.err()).toContain('validate: nope.yaml: no such file or directory');
  });
});
