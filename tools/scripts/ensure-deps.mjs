// Installs dependencies with `npm ci` when node_modules is missing or older than package-lock.json, so a
// fresh clone needs nothing but Node.js 20 and npm.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export const root = path.resolve(import.meta.dirname, '../..');

export function dependenciesStale() {
  const marker = path.join(root, 'node_modules/.package-lock.json');
  if (!fs.existsSync(marker)) return true;
  return fs.statSync(path.join(root, 'package-lock.json')).mtimeMs > fs.statSync(marker).mtimeMs;
}

export function ensureDeps() {
  if (!dependenciesStale()) return;
  console.log('kuack: installing dependencies (npm ci)…');
  const result = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(`kuack: npm ci failed (exit ${result.status}); fix the error above and run again`);
    process.exit(result.status ?? 1);
  }
}
