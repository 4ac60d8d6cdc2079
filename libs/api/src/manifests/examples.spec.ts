import fs from 'node:fs';
import path from 'node:path';
import { formatProblems, validateManifests } from './validate-manifests';

const DIR = path.resolve(__dirname, '../../../../examples/manifests');
const manifests = (dir: string) =>
  fs
    .readdirSync(dir)
    .filter((f) => /\.(ya?ml|json)$/.test(f))
    .sort()
    .map((f) => ({ name: f, content: fs.readFileSync(path.join(dir, f), 'utf8') }));

describe('examples/manifests', () => {
  it.each(manifests(DIR).map((m) => [m.name, m] as const))('%s is valid', (_name, src) => {
    const results = validateManifests([src]);
    expect(results.length).toBeGreaterThan(0);
    expect(formatProblems(results)).toEqual([]);
  });

  it.each(manifests(path.join(DIR, 'invalid')).map((m) => [m.name, m] as const))(
    'invalid/%s produces exactly its `# expect:` errors',
    (_name, src) => {
      const expected = src.content
        .split('\n')
        .filter((l) => l.startsWith('# expect: '))
        .map((l) => l.slice('# expect: '.length));
      expect(expected.length).toBeGreaterThan(0);
      const actual = formatProblems(validateManifests([src])).map((l) => l.slice(`${src.name}: `.length));
      const unmatched = [...actual];
      const missing: string[] = [];
      for (const e of expected) {
        const i = unmatched.findIndex((a) => (e.endsWith('…') ? a.startsWith(e.slice(0, -1)) : a === e));
        if (i < 0) missing.push(e);
        else unmatched.splice(i, 1);
      }
      expect({ missing, unexpected: unmatched }).toEqual({ missing: [], unexpected: [] });
    },
  );
});
