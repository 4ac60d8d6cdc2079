import fs from 'node:fs';
import path from 'node:path';
import { isMap, parseDocument, stringify } from 'yaml';
import { FUNC_YAML, SPEC_VERSION, type FuncYaml } from './types';
import { validateFuncYaml } from './validate';

/** A func.yaml that cannot be used: one line per problem, each naming its field. */
export class FuncYamlError extends Error {
  constructor(
    readonly file: string,
    readonly problems: string[],
  ) {
    super(`${file} contains errors:\n${problems.map((p) => `  ${p}`).join('\n')}`);
  }
}

export interface LoadedFuncYaml {
  func: FuncYaml;
  file: string;
  /** Unknown fields and other remarks worth telling the user; the file is still usable. */
  warnings: string[];
}

/** Parses and validates func.yaml text; `file` names it in messages. */
export function parseFuncYaml(text: string, file = FUNC_YAML): LoadedFuncYaml {
  const doc = parseDocument(text, { prettyErrors: true });
  if (doc.errors.length > 0) {
    throw new FuncYamlError(
      file,
      doc.errors.map((e) => `YAML syntax: ${e.message.split('\n')[0]}`),
    );
  }
  if (doc.contents !== null && !isMap(doc.contents))
    throw new FuncYamlError(file, ['expected a mapping at the top level']);
  const func = (doc.toJS() ?? {}) as FuncYaml;
  if (func.created !== undefined && (func.created as unknown) instanceof Date) {
    func.created = (func.created as unknown as Date).toISOString();
  }
  const { errors, unknown } = validateFuncYaml(func);
  if (errors.length > 0) throw new FuncYamlError(file, errors);
  return { func, file, warnings: unknown.map((field) => `${file}: unknown field ${field} (kept, not used)`) };
}

/** Reads `<root>/func.yaml`; undefined when the folder holds no function. */
export function readFuncYaml(root: string): LoadedFuncYaml | undefined {
  const file = path.join(root, FUNC_YAML);
  if (!fs.existsSync(file)) return undefined;
  return parseFuncYaml(fs.readFileSync(file, 'utf8'), file);
}

/** Like readFuncYaml, but a missing func.yaml is an error telling what to do. */
export function requireFuncYaml(root: string): LoadedFuncYaml {
  const loaded = readFuncYaml(root);
  if (!loaded) {
    throw new FuncYamlError(path.join(root, FUNC_YAML), [
      `no function here: ${root} has no ${FUNC_YAML} (create one with: kuack func create ${root})`,
    ]);
  }
  return loaded;
}

const SCHEMA_URI = 'https://raw.githubusercontent.com/knative/func/main/schema/func_yaml-schema.json';
const SCHEMA_HEADER = `# $schema: ${SCHEMA_URI}\n# yaml-language-server: $schema=${SCHEMA_URI}\n`;

const KEY_ORDER = [
  'specVersion',
  'name',
  'domain',
  'runtime',
  'registry',
  'registryInsecure',
  'image',
  'namespace',
  'deployer',
  'created',
  'invoke',
  'build',
  'run',
  'deploy',
];

/** func.yaml text: fields in Knative's order, empty sections left out, unknown fields kept at the end. */
export function formatFuncYaml(func: FuncYaml): string {
  const ordered: Record<string, unknown> = {};
  for (const key of [...KEY_ORDER, ...Object.keys(func).filter((k) => !KEY_ORDER.includes(k))]) {
    const value = prune(func[key]);
    if (value !== undefined) ordered[key] = value;
  }
  ordered.specVersion ??= SPEC_VERSION;
  return SCHEMA_HEADER + stringify(ordered, { lineWidth: 0 });
}

/** Validates and writes `<root>/func.yaml` (never an invalid file). */
export function writeFuncYaml(root: string, func: FuncYaml): string {
  const file = path.join(root, FUNC_YAML);
  const { errors } = validateFuncYaml(JSON.parse(JSON.stringify(func)));
  if (errors.length > 0) throw new FuncYamlError(file, errors);
  fs.writeFileSync(file, formatFuncYaml(func));
  return file;
}

function prune(value: unknown): unknown {
  if (value === undefined || value === null) return undefined;
  if (Array.isArray(value)) return value.length === 0 ? undefined : value.map((v) => prune(v) ?? null);
  if (typeof value === 'object' && !(value instanceof Date)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      const p = prune(v);
      if (p !== undefined) out[k] = p;
    }
    return Object.keys(out).length === 0 ? undefined : out;
  }
  return value;
}
