#!/usr/bin/env node
// Scaffolds a project with the workspace's standard files: node tools/scripts/new-project.mjs libs/NAME scope:X
// (type follows from the folder). It also registers the @kuack/NAME path alias of a lib.
import fs from 'node:fs';
import path from 'node:path';

const [dir, scope] = process.argv.slice(2);
if (
  !dir ||
  !/^(apps|libs)\/[a-z0-9-]+$/.test(dir) ||
  !/^scope:(serving|eventing|functions|platform|shared)$/.test(scope ?? '')
) {
  console.error('usage: new-project.mjs apps|libs/NAME scope:serving|eventing|functions|platform|shared');
  process.exit(2);
}
const root = path.resolve(import.meta.dirname, '../..');
const name = path.basename(dir);
const type = dir.startsWith('apps/') ? 'app' : 'lib';
const abs = path.join(root, dir);
if (fs.existsSync(path.join(abs, 'project.json'))) {
  console.error(`${dir} exists already`);
  process.exit(1);
}
const write = (file, text) => {
  fs.mkdirSync(path.dirname(path.join(abs, file)), { recursive: true });
  if (!fs.existsSync(path.join(abs, file))) fs.writeFileSync(path.join(abs, file), text);
};
const targets = {
  lint: { command: `eslint ${dir}` },
  typecheck: { command: `tsc -p ${dir}/tsconfig.json --noEmit` },
  test: { command: `jest -c ${dir}/jest.config.cjs --passWithNoTests` },
};
if (type === 'app')
  targets.build = { command: `node tools/build/bundle.mjs ${dir}`, outputs: [`{workspaceRoot}/dist/${dir}`] };
const project = {
  name,
  $schema: '../../node_modules/nx/schemas/project-schema.json',
  sourceRoot: `${dir}/src`,
  projectType: type === 'app' ? 'application' : 'library',
  tags: [scope, `type:${type}`],
  targets: Object.fromEntries(
    Object.entries(targets).map(([k, { command, outputs }]) => [
      k,
      {
        executor: 'nx:run-commands',
        ...(outputs ? { outputs } : {}),
        options: { command, cwd: '{workspaceRoot}' },
      },
    ]),
  ),
};
write('project.json', JSON.stringify(project, null, 2) + '\n');
write(
  'tsconfig.json',
  JSON.stringify({ extends: '../../tsconfig.base.json', include: ['src/**/*.ts'] }, null, 2) + '\n',
);
write('jest.config.cjs', "module.exports = require('../../jest.preset.cjs').projectConfig(__dirname);\n");
write(type === 'app' ? 'src/main.ts' : 'src/index.ts', 'export {};\n');

if (type === 'lib') {
  const tsconfigPath = path.join(root, 'tsconfig.base.json');
  const tsconfig = JSON.parse(fs.readFileSync(tsconfigPath, 'utf8'));
  tsconfig.compilerOptions.paths[`@kuack/${name}`] = [`${dir}/src/index.ts`];
  tsconfig.compilerOptions.paths = Object.fromEntries(Object.entries(tsconfig.compilerOptions.paths).sort());
  fs.writeFileSync(tsconfigPath, JSON.stringify(tsconfig, null, 2) + '\n');
}
console.log(`created ${dir} (${scope}, type:${type})`);
