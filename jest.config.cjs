// The root Jest config runs every project's tests in one process tree with one summary.
// `npm test` runs it twice: unit tests (*.spec.ts) first, then integration tests (*.int.spec.ts)
// once tools/testenv has the real services up. See docs/testing.md.
const fs = require('node:fs');
const path = require('node:path');

function findProjectConfigs(dir, found = []) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) findProjectConfigs(full, found);
    else if (entry.name === 'jest.config.cjs' && dir !== __dirname) found.push(full);
  }
  return found;
}

module.exports = {
  projects: ['apps', 'libs', 'tools']
    .map((top) => path.join(__dirname, top))
    .filter((dir) => fs.existsSync(dir))
    .flatMap((dir) => findProjectConfigs(dir)),
};
