#!/usr/bin/env node
// Writes libs/api/src/core/k8s-models.json: the structure (field names, types, formats, required fields) of
// the Kubernetes core types reachable from V1PodSpec, read from @kubernetes/client-node's generated models,
// so Kuack's CRD schemas come from a maintained package instead of a hand-written copy.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

const root = path.resolve(import.meta.dirname, '../../..');
const require = createRequire(import.meta.url);
const modelsDir = path.join(
  path.dirname(require.resolve('@kubernetes/client-node/package.json')),
  'dist/gen/models',
);
const k8s = await import('@kubernetes/client-node');

const out = {};
const queue = ['V1PodSpec'];
while (queue.length) {
  const name = queue.shift();
  if (out[name]) continue;
  const cls = k8s[name];
  if (!cls?.attributeTypeMap) throw new Error(`no model ${name} in @kubernetes/client-node`);
  const dts = fs.readFileSync(path.join(modelsDir, `${name}.d.ts`), 'utf8');
  const required = [...dts.matchAll(/^\s+'([A-Za-z0-9_$]+)': /gm)].map((m) => m[1]);
  const fields = cls.attributeTypeMap.map((a) => ({
    name: a.baseName,
    type: a.type,
    ...(a.format ? { format: a.format } : {}),
  }));
  out[name] = { fields, required };
  for (const f of fields) {
    for (const ref of f.type.match(/\b(?:V\d\w*|Core\w+)\b/g) ?? []) if (!out[ref]) queue.push(ref);
  }
}
const sorted = Object.fromEntries(
  Object.keys(out)
    .sort()
    .map((k) => [k, out[k]]),
);
const file = path.join(root, 'libs/api/src/core/k8s-models.json');
fs.writeFileSync(file, JSON.stringify(sorted, null, 1) + '\n');
console.log(`wrote ${path.relative(root, file)} (${Object.keys(sorted).length} types)`);
