import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { parseAllDocuments } from 'yaml';

export const CHART_DIR = path.resolve(__dirname, '../../../charts/kuack');

export interface Manifest {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
  [key: string]: unknown;
}

export interface HelmResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `helm` (from the testenv's `tools` service on PATH) and never throws: the caller asserts the code. */
export async function helm(args: string[]): Promise<HelmResult> {
  try {
    const { stdout, stderr } = await promisify(execFile)('helm', args, {
      env: process.env,
      maxBuffer: 64 * 2 ** 20,
    });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code?: number | string; stdout?: string; stderr?: string; message: string };
    if (e.code === 'ENOENT') throw new Error('helm is not on PATH: requireServices(["tools"]) puts it there');
    return {
      code: typeof e.code === 'number' ? e.code : 1,
      stdout: e.stdout ?? '',
      stderr: e.stderr ?? e.message,
    };
  }
}

/**
 * `helm template` of the chart with `--set` values and optionally a values file (for values --set cannot
 * spell, such as Go templates); the rendered objects, or an error with helm's message.
 */
export async function render(
  set: Record<string, string | number | boolean> = {},
  values?: object,
): Promise<Manifest[]> {
  const args = ['template', 'kuack-test', CHART_DIR];
  for (const [k, v] of Object.entries(set)) args.push('--set', `${k}=${v}`);
  let dir: string | undefined;
  if (values) {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kuack-chart-'));
    fs.writeFileSync(path.join(dir, 'values.json'), JSON.stringify(values));
    args.push('--values', path.join(dir, 'values.json'));
  }
  const r = await helm(args).finally(() => dir && fs.rmSync(dir, { recursive: true, force: true }));
  if (r.code !== 0) throw new Error(`helm ${args.join(' ')} exited ${r.code}: ${r.stderr}`);
  return parseAllDocuments(r.stdout)
    .map((d) => d.toJS() as Manifest | null)
    .filter((m): m is Manifest => m !== null);
}

export function find(objects: Manifest[], kind: string, name: string): Manifest {
  const found = objects.find((o) => o.kind === kind && o.metadata.name === name);
  if (!found) throw new Error(`no ${kind} ${name} in the rendered chart`);
  return found;
}

export interface PolicyRule {
  apiGroups: string[];
  resources: string[];
  verbs: string[];
}

/** "group/resource" → sorted verbs, over every rule of a (Cluster)Role. */
export function permissions(role: Manifest): Record<string, string[]> {
  const out: Record<string, Set<string>> = {};
  for (const rule of (role as unknown as { rules: PolicyRule[] }).rules)
    for (const group of rule.apiGroups)
      for (const resource of rule.resources) {
        const key = group ? `${group}/${resource}` : resource;
        for (const verb of rule.verbs) (out[key] ??= new Set()).add(verb);
      }
  return Object.fromEntries(Object.entries(out).map(([k, v]) => [k, [...v].sort()]));
}
