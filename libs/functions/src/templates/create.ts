import fs from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { readFuncYaml, writeFuncYaml } from '../funcyaml/file';
import { FUNC_YAML, SPEC_VERSION, type FuncYaml } from '../funcyaml/types';

export const LANGUAGES = ['node', 'typescript'] as const;
export type Language = (typeof LANGUAGES)[number];
const NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
/** Template files that configure the function instead of being copied. */
const MANIFEST = 'manifest.yaml';

/** The template folders inside a Kuack installation (or checkout). */
export function templatesDir(rootDir: string): string {
  return path.join(rootDir, 'libs/functions/src/templates/files');
}

/** The templates a language offers (http, cloudevents, …). */
export function templateNames(templatesRoot: string, language: string): string[] {
  const dir = path.join(templatesRoot, language);
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();
}

export interface CreateOptions {
  root: string;
  language: string;
  template: string;
  templatesRoot: string;
  now?: Date;
}

export interface CreatedFunction {
  root: string;
  name: string;
  func: FuncYaml;
  /** Files written, relative to root. */
  files: string[];
}

/** A user error of `create`: the message says what is wrong and what to do. */
export class CreateError extends Error {}

/**
 * Writes a new function from a template: the template's files, func.yaml, .funcignore, .func/ (ignored by
 * git). Refuses a folder that already holds a function or files the template would overwrite.
 */
export function createFunction(options: CreateOptions): CreatedFunction {
  const root = path.resolve(options.root);
  const { language, template, templatesRoot } = options;
  if (!(LANGUAGES as readonly string[]).includes(language)) {
    throw new CreateError(`unknown language "${language}" (--language): one of ${LANGUAGES.join(', ')}`);
  }
  const available = templateNames(templatesRoot, language);
  if (!available.includes(template)) {
    throw new CreateError(
      `unknown template "${template}" for ${language} (--template): one of ${available.join(', ')}`,
    );
  }
  const name = path.basename(root);
  if (!NAME.test(name) || name.length > 63) {
    throw new CreateError(
      `the function name comes from its folder, and "${name}" is not valid: use lower-case letters, digits and '-', starting and ending with a letter or digit`,
    );
  }
  if (fs.existsSync(root) && !fs.statSync(root).isDirectory())
    throw new CreateError(`${root} exists and is not a folder`);
  if (fs.existsSync(path.join(root, FUNC_YAML))) {
    const existing = safeRead(root);
    throw new CreateError(
      `${root} already holds a function${existing ? ` (${existing})` : ''}: choose another folder`,
    );
  }
  const source = path.join(templatesRoot, language, template);
  const files = listFiles(source).filter((f) => f !== MANIFEST);
  // .gitignore is merged, never a conflict: the template's lines are appended when missing.
  const conflicts = files.filter((f) => f !== '.gitignore' && fs.existsSync(path.join(root, f)));
  if (conflicts.length > 0) {
    throw new CreateError(
      `${root} already has files the ${language}/${template} template would overwrite: ${conflicts.join(', ')}`,
    );
  }

  fs.mkdirSync(root, { recursive: true });
  for (const file of files) {
    const target = path.join(root, file);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    let content = fs.readFileSync(path.join(source, file), 'utf8');
    if (file === '.gitignore' && fs.existsSync(target))
      content = mergeLines(fs.readFileSync(target, 'utf8'), content);
    if (file === 'package.json') content = JSON.stringify({ ...JSON.parse(content), name }, null, 2) + '\n';
    if (file === 'README.md') content = content.replaceAll('{{name}}', name);
    fs.writeFileSync(target, content);
  }
  const manifest = readManifest(path.join(source, MANIFEST));
  const func: FuncYaml = {
    specVersion: SPEC_VERSION,
    name,
    runtime: language,
    created: (options.now ?? new Date()).toISOString(),
    ...(manifest.invoke ? { invoke: manifest.invoke } : {}),
    ...(manifest.buildEnvs ? { build: { buildEnvs: manifest.buildEnvs } } : {}),
  };
  writeFuncYaml(root, func);
  const written = [...files, FUNC_YAML];
  if (ensureFuncIgnore(root)) written.push('.funcignore');
  ensureRunDataDir(root);
  return { root, name, func, files: written.sort() };
}

function mergeLines(current: string, wanted: string): string {
  const have = new Set(current.split(/\r?\n/).map((l) => l.trim()));
  const missing = wanted.split(/\r?\n/).filter((l) => l.trim() !== '' && !have.has(l.trim()));
  if (missing.length === 0) return current;
  return `${current}${current.endsWith('\n') || current === '' ? '' : '\n'}${missing.join('\n')}\n`;
}

function safeRead(root: string): string | undefined {
  try {
    const f = readFuncYaml(root)?.func;
    return f ? `${f.name ?? 'unnamed'}, ${f.runtime ?? 'unknown runtime'}` : undefined;
  } catch {
    return undefined;
  }
}

function readManifest(
  file: string,
): Pick<FuncYaml, 'invoke'> & { buildEnvs?: Array<{ name: string; value: string }> } {
  if (!fs.existsSync(file)) return {};
  return (parseYaml(fs.readFileSync(file, 'utf8')) ?? {}) as ReturnType<typeof readManifest>;
}

function listFiles(dir: string, prefix = ''): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) out.push(...listFiles(path.join(dir, entry.name), rel));
    else out.push(rel);
  }
  return out.sort();
}

const FUNCIGNORE = `# Files left out of the function's image and of its rebuild fingerprint.
# Patterns: "foo" (any depth), "*.tmp" (glob), "/docs" (from the root only), "build/" (a folder).
# node_modules is installed into the image from the lockfile by the builder.
/node_modules
`;

/** Writes .funcignore unless one exists; true when written. */
function ensureFuncIgnore(root: string): boolean {
  const file = path.join(root, '.funcignore');
  if (fs.existsSync(file)) return false;
  fs.writeFileSync(file, FUNCIGNORE);
  return true;
}

/** Creates .func/ and makes git ignore it (unless .gitignore already mentions it, even commented out). */
export function ensureRunDataDir(root: string): void {
  fs.mkdirSync(path.join(root, '.func'), { recursive: true });
  const gitignore = path.join(root, '.gitignore');
  const current = fs.existsSync(gitignore) ? fs.readFileSync(gitignore, 'utf8') : '';
  if (/^\s*#?\s*\/\.func\b/m.test(current)) return;
  const block = `${current && !current.endsWith('\n') ? '\n' : ''}\n# Local run data of the function (kuack func run/build); not for source control.\n/.func\n`;
  fs.writeFileSync(gitignore, current + block);
}
