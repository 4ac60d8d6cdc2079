import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { FunctionInstance, FunctionModule, HTTPFunction } from './types';

/** A function ready to serve: Knative's module shape (context-style handle) or an instance. */
export type LoadedFunction =
  | { kind: 'module'; module: FunctionModule }
  | { kind: 'instance'; instance: FunctionInstance; style: 'node' | 'fetch' };

/** Where the runtime looks for the function's code when package.json has no "main". */
const ENTRY_CANDIDATES = [
  'index.js',
  'index.cjs',
  'index.mjs',
  'build/index.js',
  'dist/index.js',
  'build/src/index.js',
];

/** The module file of the function rooted at `root`: package.json "main", else the first candidate present. */
export function resolveEntry(root: string): string {
  const pkgFile = path.join(root, 'package.json');
  if (fs.existsSync(pkgFile)) {
    let main: unknown;
    try {
      main = (JSON.parse(fs.readFileSync(pkgFile, 'utf8')) as { main?: unknown }).main;
    } catch (err) {
      throw new Error(`${pkgFile}: not valid JSON (${(err as Error).message})`);
    }
    if (typeof main === 'string' && main !== '') {
      const file = path.resolve(root, main);
      for (const candidate of [file, `${file}.js`, path.join(file, 'index.js')]) {
        if (fs.existsSync(candidate) && fs.statSync(candidate).isFile()) return candidate;
      }
      throw new Error(`${pkgFile}: "main" is ${main} but that file does not exist${typeScriptHint(root)}`);
    }
  }
  for (const candidate of ENTRY_CANDIDATES) {
    const file = path.join(root, candidate);
    if (fs.existsSync(file)) return file;
  }
  throw new Error(
    `no function in ${root}: set "main" in package.json or add index.js (tried ${ENTRY_CANDIDATES.join(', ')})${typeScriptHint(root)}`,
  );
}

function typeScriptHint(root: string): string {
  return fs.existsSync(path.join(root, 'tsconfig.json'))
    ? '; a TypeScript function must be compiled first (npm run build)'
    : '';
}

/** Loads the function module at `root` (CommonJS or ES module) and works out its shape. */
export async function loadFunction(root: string): Promise<LoadedFunction> {
  const entry = resolveEntry(root);
  const exported = isEsm(entry) ? await importEsm(entry) : requireCjs(entry);
  return classifyExports(exported, entry);
}

// eslint-disable-next-line @typescript-eslint/no-require-imports
const requireCjs = (file: string): unknown => require(file);
// A real dynamic import (not rewritten into require by bundlers or transpilers).
const importEsm = new Function('url', 'return import(url)') as (url: string) => Promise<unknown>;
const importFile = (file: string) => importEsm(pathToFileURL(file).href);
export { importFile as importEsmFile };

function isEsm(file: string): boolean {
  if (file.endsWith('.mjs')) return true;
  if (file.endsWith('.cjs')) return false;
  for (let dir = path.dirname(file); ; dir = path.dirname(dir)) {
    const pkg = path.join(dir, 'package.json');
    if (fs.existsSync(pkg)) {
      try {
        return (JSON.parse(fs.readFileSync(pkg, 'utf8')) as { type?: string }).type === 'module';
      } catch {
        return false;
      }
    }
    if (path.dirname(dir) === dir) return false;
  }
}

const LIFECYCLE = ['start', 'stop', 'alive', 'ready'] as const;

/**
 * The shape of a function module's exports, in this order: an object with `handle` (Knative's module, or an
 * instance when it has start/stop/alive/ready or handlerStyle); a `New`/`new` factory; a class (default or
 * the module itself) → a new instance; a plain function → Knative's single context-style handler.
 */
export async function classifyExports(exported: unknown, from: string): Promise<LoadedFunction> {
  const candidates = [exported, (exported as { default?: unknown } | null)?.default].filter(
    (c) => c !== undefined && c !== null,
  );
  for (const candidate of candidates) {
    if (typeof candidate === 'object' && typeof (candidate as { handle?: unknown }).handle === 'function') {
      const object = candidate as Record<string, unknown>;
      if (LIFECYCLE.some((name) => typeof object[name] === 'function') || object.handlerStyle) {
        return asInstance(object as unknown as FunctionInstance, from);
      }
      return { kind: 'module', module: object as unknown as FunctionModule };
    }
  }
  for (const candidate of candidates) {
    const factory =
      (candidate as { New?: unknown; new?: unknown }).New ?? (candidate as { new?: unknown }).new;
    if (typeof factory === 'function') {
      return asInstance(await (factory as () => unknown)(), `${from} (New())`);
    }
  }
  for (const candidate of candidates) {
    if (typeof candidate !== 'function') continue;
    if (isClass(candidate)) {
      return asInstance(
        new (candidate as new () => unknown)(),
        `${from} (new ${candidate.name || 'class'}())`,
      );
    }
    return { kind: 'module', module: { handle: candidate as HTTPFunction } };
  }
  throw new Error(
    `${from} exports no function: export handle(context, body) (Knative), a class or New() returning an object with handle`,
  );
}

function asInstance(value: unknown, from: string): LoadedFunction {
  const instance = value as FunctionInstance | null;
  if (!instance || typeof instance.handle !== 'function') {
    throw new Error(`${from}: the function instance has no handle method`);
  }
  const style = instance.handlerStyle ?? (instance.handle.length >= 2 ? 'node' : 'fetch');
  if (style !== 'node' && style !== 'fetch') {
    throw new Error(`${from}: handlerStyle must be "node" or "fetch", got ${String(style)}`);
  }
  return { kind: 'instance', instance, style };
}

function isClass(fn: unknown): boolean {
  return typeof fn === 'function' && /^class[\s{]/.test(Function.prototype.toString.call(fn));
}
