// Maps the @kuack/* path aliases of tsconfig.base.json to Jest's moduleNameMapper, so both read one source.
const fs = require('node:fs');
const path = require('node:path');

function pathsToModuleNameMapper(workspaceRoot) {
  const tsconfig = JSON.parse(fs.readFileSync(path.join(workspaceRoot, 'tsconfig.base.json'), 'utf8'));
  const mapper = {};
  for (const [alias, [target]] of Object.entries(tsconfig.compilerOptions.paths ?? {})) {
    const escaped = alias.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
    mapper[`^${escaped.replace('\\*', '(.*)')}$`] = path.join(workspaceRoot, target.replace('*', '$1'));
  }
  return mapper;
}

module.exports = { pathsToModuleNameMapper };
