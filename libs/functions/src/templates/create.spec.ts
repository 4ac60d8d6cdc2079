import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseFuncYaml } from '../funcyaml/file';
import { CreateError, createFunction, ensureRunDataDir, templateNames, templatesDir } from './create';
import { linkDevTools } from './link-tools';

const REPO_ROOT = path.resolve(__dirname, '../../../..');
const templatesRoot = templatesDir(REPO_ROOT);
const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'kuack-create-'));

describe('templates', () => {
  it('offers http and cloudevents for node, and also instance for typescript', () => {
    expect(templateNames(templatesRoot, 'node')).toEqual(['cloudevents', 'http']);
    expect(templateNames(templatesRoot, 'typescript')).toEqual(['cloudevents', 'http', 'instance']);
  });

  it.each([
    [
      'node',
      'http',
      undefined,
      [
        '.funcignore',
        '.gitignore',
        'README.md',
        'func.yaml',
        'index.js',
        'package.json',
        'test/integration.test.js',
        'test/unit.test.js',
      ],
    ],
    [
      'node',
      'cloudevents',
      'cloudevent',
      [
        '.funcignore',
        '.gitignore',
        'README.md',
        'func.yaml',
        'index.js',
        'package.json',
        'test/integration.test.js',
      ],
    ],
    [
      'typescript',
      'instance',
      undefined,
      [
        '.funcignore',
        '.gitignore',
        'README.md',
        'func.yaml',
        'package.json',
        'src/index.ts',
        'test/integration.test.ts',
        'test/unit.test.ts',
        'tsconfig.json',
      ],
    ],
  ])(
    '%s/%s: files, func.yaml (invoke %s), the package named after the folder',
    (language, template, invoke, files) => {
      const root = path.join(tmp(), 'my-fn');
      const created = createFunction({
        root,
        language,
        template,
        templatesRoot,
        now: new Date('2026-01-02T03:04:05Z'),
      });
      expect(created.files).toEqual(files);
      const { func, warnings } = parseFuncYaml(fs.readFileSync(path.join(root, 'func.yaml'), 'utf8'));
      expect(warnings).toEqual([]);
      expect(func).toEqual({
        specVersion: '0.36.0',
        name: 'my-fn',
        runtime: language,
        created: '2026-01-02T03:04:05.000Z',
        ...(invoke ? { invoke } : {}),
      });
      expect(JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')).name).toBe('my-fn');
      expect(fs.existsSync(path.join(root, 'manifest.yaml'))).toBe(false);
      expect(fs.statSync(path.join(root, '.func')).isDirectory()).toBe(true);
    },
  );

  it('creates into an existing folder whose files do not conflict, keeping them', () => {
    const root = path.join(tmp(), 'has-notes');
    fs.mkdirSync(root);
    fs.writeFileSync(path.join(root, 'NOTES.md'), 'mine');
    fs.writeFileSync(path.join(root, '.gitignore'), 'secrets\n');
    createFunction({ root, language: 'node', template: 'http', templatesRoot });
    expect(fs.readFileSync(path.join(root, 'NOTES.md'), 'utf8')).toBe('mine');
    expect(fs.readFileSync(path.join(root, '.gitignore'), 'utf8')).toMatch(
      /^secrets\nnode_modules\n\n# Local run data.*\n\/\.func\n$/,
    );
  });

  it('refuses a template file that would overwrite, naming it', () => {
    const root = path.join(tmp(), 'clash');
    fs.mkdirSync(path.join(root, 'src'), { recursive: true });
    fs.writeFileSync(path.join(root, 'src/index.ts'), '');
    expect(() => createFunction({ root, language: 'typescript', template: 'http', templatesRoot })).toThrow(
      CreateError,
    );
    expect(() => createFunction({ root, language: 'typescript', template: 'http', templatesRoot })).toThrow(
      'would overwrite: src/index.ts',
    );
  });

  it('.gitignore gets /.func once, and never when the user commented it out', () => {
    const root = tmp();
    ensureRunDataDir(root);
    ensureRunDataDir(root);
    expect(fs.readFileSync(path.join(root, '.gitignore'), 'utf8').match(/^\/\.func$/gm)).toHaveLength(1);
    const other = tmp();
    fs.writeFileSync(path.join(other, '.gitignore'), '# /.func\n');
    ensureRunDataDir(other);
    expect(fs.readFileSync(path.join(other, '.gitignore'), 'utf8')).toBe('# /.func\n');
  });

  it('links the SDK, kuack and (for TypeScript) typescript and @types/node, leaving existing entries alone', () => {
    const root = tmp();
    fs.mkdirSync(path.join(root, 'node_modules/typescript'), { recursive: true });
    const linked = linkDevTools(root, REPO_ROOT, '/sdk/dir', true).map((l) => l.link);
    expect(linked).toEqual([
      'node_modules/@kuack/functions',
      'node_modules/.bin/kuack',
      'node_modules/.bin/tsc',
      'node_modules/@types/node',
    ]);
    expect(fs.readlinkSync(path.join(root, 'node_modules/@kuack/functions'))).toBe('/sdk/dir');
    expect(fs.readlinkSync(path.join(root, 'node_modules/.bin/kuack'))).toBe(
      path.join(REPO_ROOT, 'bin/kuack.js'),
    );
    expect(linkDevTools(root, REPO_ROOT, '/sdk/dir', true)).toEqual([]);
  });
});
