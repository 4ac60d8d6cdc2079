// Entry point of `nx run api:generate-crds` (bundled and run by libs/api/tools/generate-crds.mjs).
import fs from 'node:fs';
import path from 'node:path';
import { ALL_KINDS } from '../kinds';
import { crdFiles } from './crd';

export const CRD_DIR = 'charts/kuack/files/crds';

export function writeCrds(root: string): string[] {
  const dir = path.join(root, CRD_DIR);
  fs.mkdirSync(dir, { recursive: true });
  const files = crdFiles(ALL_KINDS);
  const keep = new Set(files.map((f) => f.fileName));
  for (const old of fs.readdirSync(dir))
    if (old.endsWith('.yaml') && !keep.has(old)) fs.rmSync(path.join(dir, old));
  for (const f of files) fs.writeFileSync(path.join(dir, f.fileName), f.yaml);
  return files.map((f) => f.fileName);
}
