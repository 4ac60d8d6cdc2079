import type { V1ObjectMeta } from '@kubernetes/client-node';
import type { Status } from './conditions';

/** Any Kubernetes object as admission sees it (JSON, as decoded from YAML/JSON). */
export interface KObject<Spec = unknown, St = Status> {
  apiVersion?: string;
  kind?: string;
  metadata?: V1ObjectMeta;
  spec?: Spec;
  status?: St;
}

export function deepCopy<T>(v: T): T {
  return v === undefined ? v : (JSON.parse(JSON.stringify(v)) as T);
}

/** Semantic deep equality of JSON values (key order ignored; undefined fields equal absent ones). */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    return a.length === bb.length && a.every((v, i) => deepEqual(v, bb[i]));
  }
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  const keys = new Set([...Object.keys(ao), ...Object.keys(bo)]);
  for (const k of keys) if (!deepEqual(ao[k], bo[k])) return false;
  return true;
}

/** A short `-old +new` description of what changed (for immutability errors). */
export function diffSummary(oldValue: unknown, newValue: unknown, path = ''): string {
  const lines: string[] = [];
  walk(oldValue, newValue, path, lines);
  return lines.join('\n');
}

function walk(a: unknown, b: unknown, path: string, out: string[]): void {
  if (deepEqual(a, b)) return;
  const bothObjects =
    a && b && typeof a === 'object' && typeof b === 'object' && Array.isArray(a) === Array.isArray(b);
  if (bothObjects) {
    if (Array.isArray(a)) {
      const bb = b as unknown[];
      for (let i = 0; i < Math.max(a.length, bb.length); i++) walk(a[i], bb[i], `${path}[${i}]`, out);
    } else {
      const ao = a as Record<string, unknown>;
      const bo = b as Record<string, unknown>;
      for (const k of [...new Set([...Object.keys(ao), ...Object.keys(bo)])].sort()) {
        walk(ao[k], bo[k], path ? `${path}.${k}` : k, out);
      }
    }
    return;
  }
  out.push(`{${path || '.'}}:`);
  if (a !== undefined) out.push(`\t-: ${JSON.stringify(a)}`);
  if (b !== undefined) out.push(`\t+: ${JSON.stringify(b)}`);
}

export function parseApiVersion(apiVersion: string | undefined): { group: string; version: string } {
  const av = apiVersion ?? '';
  const i = av.lastIndexOf('/');
  return i < 0 ? { group: '', version: av } : { group: av.slice(0, i), version: av.slice(i + 1) };
}
