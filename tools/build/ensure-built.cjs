// Rebuilds every app bundle (dist/apps/*/main.js) when any source of apps/ or libs/, tsconfig.base.json or
// package-lock.json is newer than the last build's stamp. A stat walk of the sources takes a few ms.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { execFileSync } = require('node:child_process');

function newestMtime(dir, newest = 0) {
  let entries;
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return newest;
  }
  for (const entry of entries) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = newestMtime(full, newest);
    else if (/\.(ts|js|cjs|mjs|json)$/.test(entry.name)) newest = Math.max(newest, fs.statSync(full).mtimeMs);
  }
  return newest;
}

function sourcesMtime(root) {
  let newest = 0;
  for (const dir of ['apps', 'libs']) newest = newestMtime(path.join(root, dir), newest);
  for (const file of ['tsconfig.base.json', 'package-lock.json', 'tools/build/bundle.mjs']) {
    newest = Math.max(newest, fs.statSync(path.join(root, file)).mtimeMs);
  }
  return newest;
}

function ensureBuilt(root) {
  const stamp = path.join(root, 'dist/.build-stamp');
  const builtAt = fs.existsSync(stamp) ? fs.statSync(stamp).mtimeMs : 0;
  if (builtAt >= sourcesMtime(root)) return false;
  const startedAt = new Date();
  const apps = fs
    .readdirSync(path.join(root, 'apps'))
    .filter((app) => fs.existsSync(path.join(root, 'apps', app, 'src/main.ts')));
  for (const app of apps) {
    execFileSync(process.execPath, [path.join(root, 'tools/build/bundle.mjs'), `apps/${app}`], {
      cwd: root,
      stdio: ['ignore', 'ignore', 'inherit'],
    });
  }
  fs.mkdirSync(path.dirname(stamp), { recursive: true });
  fs.writeFileSync(stamp, '');
  // The stamp carries the time the build started, so an edit made during the build is seen next time.
  fs.utimesSync(stamp, startedAt, startedAt);
  return true;
}

module.exports = { ensureBuilt };
