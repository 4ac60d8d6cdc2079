// Offline admission of manifest files (`kuack validate`): parse multi-document YAML or JSON, run defaults and
// validation for each object, and describe every problem as `FILE: KIND NAMESPACE/NAME: PATH: MESSAGE`.
import { parseAllDocuments, stringify } from 'yaml';
import { admitWith } from '../core/admit';
import type { ApiConfig } from '../core/config';
import type { FieldError } from '../core/field-error';
import type { KObject } from '../core/object';
import type { KindRegistry } from '../core/registry';
import { defaultRegistry } from '../kinds';

export interface ManifestSource {
  /** What to call it in messages: a path, or `-` for stdin. */
  name: string;
  content: string;
}

export interface ObjectResult {
  source: string;
  /** 1-based position of the document in its file. */
  document: number;
  object?: KObject;
  defaulted?: KObject;
  errors: FieldError[];
  warnings: FieldError[];
}

/** Objects of a source: every YAML document (or a JSON value); `kind: List` is expanded. */
export function parseManifests(
  src: ManifestSource,
): Array<{ document: number; object?: KObject; error?: string }> {
  const out: Array<{ document: number; object?: KObject; error?: string }> = [];
  const docs = parseAllDocuments(src.content);
  const list = Array.isArray(docs) ? docs : [docs];
  list.forEach((doc, i) => {
    const document = i + 1;
    if (doc.errors.length) {
      out.push({ document, error: doc.errors[0]!.message.split('\n')[0]! });
      return;
    }
    const value = doc.toJS() as unknown;
    if (value === null || value === undefined) return;
    const values = Array.isArray(value) ? value : [value];
    for (const v of values) {
      if (typeof v !== 'object' || v === null) {
        out.push({ document, error: 'not an object' });
      } else if ((v as KObject).kind === 'List' && Array.isArray((v as { items?: unknown[] }).items)) {
        for (const item of (v as { items: KObject[] }).items) out.push({ document, object: item });
      } else {
        out.push({ document, object: v as KObject });
      }
    }
  });
  return out;
}

export function validateManifests(
  sources: ManifestSource[],
  opts: { config?: ApiConfig; registry?: KindRegistry } = {},
): ObjectResult[] {
  const registry = opts.registry ?? defaultRegistry;
  const results: ObjectResult[] = [];
  for (const src of sources) {
    for (const p of parseManifests(src)) {
      if (p.error !== undefined) {
        results.push({
          source: src.name,
          document: p.document,
          errors: [{ path: '', message: `cannot parse document ${p.document}: ${p.error}`, level: 'Error' }],
          warnings: [],
        });
        continue;
      }
      const obj = p.object!;
      if (!obj.apiVersion || !obj.kind) {
        const missing = !obj.apiVersion ? 'apiVersion' : 'kind';
        results.push({
          source: src.name,
          document: p.document,
          object: obj,
          errors: [{ path: missing, message: 'missing field(s)', level: 'Error' }],
          warnings: [],
        });
        continue;
      }
      const r = admitWith(registry, undefined, obj, undefined, opts.config ? { config: opts.config } : {});
      results.push({
        source: src.name,
        document: p.document,
        object: obj,
        defaulted: r.object,
        errors: r.errors,
        warnings: r.warnings,
      });
    }
  }
  return results;
}

/** `KIND NAMESPACE/NAME` as the report names an object. */
export function describeObject(obj: KObject | undefined, document: number): string {
  if (!obj) return `document ${document}`;
  const name =
    obj.metadata?.name ?? (obj.metadata?.generateName ? `${obj.metadata.generateName}*` : '(no name)');
  return `${obj.kind ?? '(no kind)'} ${obj.metadata?.namespace ?? 'default'}/${name}`;
}

/** One line per problem: `FILE: KIND NAMESPACE/NAME: PATH: MESSAGE` (details appended after `: `). */
export function formatProblems(results: ObjectResult[], includeWarnings = false): string[] {
  const lines: string[] = [];
  for (const r of results) {
    const problems = includeWarnings ? [...r.errors, ...r.warnings] : r.errors;
    for (const e of problems) {
      const msg = `${e.level === 'Warning' ? 'warning: ' : ''}${e.message}${e.details ? `: ${e.details.replace(/\n/g, ' ')}` : ''}`;
      lines.push(`${r.source}: ${describeObject(r.object, r.document)}: ${e.path || '.'}: ${msg}`);
    }
  }
  return lines;
}

/** The defaulted objects as one multi-document YAML stream. */
export function defaultedYaml(results: ObjectResult[]): string {
  return results
    .filter((r) => r.defaulted)
    .map((r) => stringify(r.defaulted, { lineWidth: 0 }))
    .join('---\n');
}
