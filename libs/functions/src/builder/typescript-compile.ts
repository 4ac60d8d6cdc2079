import { promises as fs } from 'node:fs';
import path from 'node:path';
import { FunctionBuildError } from './build-error';

type TypeScript = typeof import('typescript');

export interface CompileResult {
  /** Where the emitted files are; their paths below it are their paths in the function root. */
  outputRoot: string;
  /** Emitted files, relative to `outputRoot`. */
  files: string[];
  /** Type errors that did not stop the build (one line each). */
  warnings: string[];
}

/** The function's own `typescript` (a devDependency) when installed, else the one Kuack ships with. */
export function loadTypeScript(root: string): TypeScript {
  for (const from of [root, __dirname]) {
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- resolved at run time
      return require(require.resolve('typescript', { paths: [from] })) as TypeScript;
    } catch {
      // try the next place
    }
  }
  throw new FunctionBuildError(
    'TypeScript is not installed: run `npm install --save-dev typescript` in the function folder',
  );
}

/**
 * Compiles a TypeScript function with its own tsconfig.json (its files, target, module, outDir, rootDir) into
 * `stagingDir`, keeping the layout tsc would write in the function folder, so the folder itself is never
 * touched. Each file is transpiled on its own (as esbuild or swc do): a build takes milliseconds instead of
 * seconds of type checking; type errors are the job of the function's own `npm run build`/tests. Syntax and
 * configuration errors fail the build.
 */
export async function compileTypeScript(
  root: string,
  stagingDir: string,
): Promise<CompileResult | undefined> {
  const configPath = path.join(root, 'tsconfig.json');
  try {
    await fs.access(configPath);
  } catch {
    return undefined;
  }
  const ts = loadTypeScript(root);
  const read = ts.readConfigFile(configPath, ts.sys.readFile);
  if (read.error) throw new FunctionBuildError(`${configPath}: ${flatten(ts, read.error.messageText)}`);
  const parsed = ts.parseJsonConfigFileContent(read.config, ts.sys, root, undefined, configPath);
  const configErrors = parsed.errors.filter((d) => d.category === ts.DiagnosticCategory.Error);
  if (configErrors.length > 0)
    throw new FunctionBuildError(`${configPath}: ${formatDiagnostic(ts, configErrors[0]!)}`);

  const outDir = parsed.options.outDir ? path.resolve(root, parsed.options.outDir) : undefined;
  const outRelative = path.relative(root, outDir ?? root);
  if (outRelative.startsWith('..') || path.isAbsolute(outRelative)) {
    throw new FunctionBuildError(
      `${configPath}: compilerOptions.outDir "${parsed.options.outDir}" must be inside the function folder`,
    );
  }
  const sources = parsed.fileNames.filter((f) => /\.(c|m)?tsx?$/.test(f) && !/\.d\.(c|m)?ts$/.test(f)).sort();
  const rootDir = parsed.options.rootDir
    ? path.resolve(root, parsed.options.rootDir)
    : outDir
      ? commonDirectory(sources)
      : root;
  await fs.rm(stagingDir, { recursive: true, force: true });
  const files: string[] = [];
  for (const source of sources) {
    const fromRoot = path.relative(rootDir, source);
    if (fromRoot.startsWith('..')) {
      throw new FunctionBuildError(
        `${source} is outside compilerOptions.rootDir (${rootDir}) of ${configPath}`,
      );
    }
    const output = transpile(ts, source, parsed.options);
    const jsRelative = path
      .join(outRelative, fromRoot)
      .replace(/\.(c|m)?tsx?$/, (_m, kind: string | undefined) => `.${kind ?? ''}js`);
    const target = path.join(stagingDir, jsRelative);
    await fs.mkdir(path.dirname(target), { recursive: true });
    await fs.writeFile(target, output.js);
    files.push(jsRelative);
    if (output.map) {
      await fs.writeFile(`${target}.map`, output.map);
      files.push(`${jsRelative}.map`);
    }
  }
  return {
    outputRoot: stagingDir,
    files: files.map((f) => f.split(path.sep).join('/')).sort(),
    warnings: [],
  };
}

function transpile(
  ts: TypeScript,
  file: string,
  options: import('typescript').CompilerOptions,
): { js: string; map?: string } {
  const text = ts.sys.readFile(file) ?? '';
  const result = ts.transpileModule(text, {
    compilerOptions: {
      ...options,
      noEmit: false,
      declaration: false,
      declarationMap: false,
      composite: false,
      incremental: false,
    },
    fileName: file,
    reportDiagnostics: true,
  });
  const errors = (result.diagnostics ?? []).filter((d) => d.category === ts.DiagnosticCategory.Error);
  if (errors.length > 0)
    throw new FunctionBuildError(`TypeScript: ${formatDiagnostic(ts, errors[0]!)}${more(errors.length)}`);
  const js = result.outputText.replace(/\n\/\/# sourceMappingURL=.*\n?$/, '\n');
  return result.sourceMapText
    ? {
        js: `${js}//# sourceMappingURL=${path.basename(file).replace(/\.(c|m)?tsx?$/, '.js')}.map\n`,
        map: result.sourceMapText,
      }
    : { js };
}

/** tsc's default rootDir: the longest common folder of the input files. */
function commonDirectory(files: string[]): string {
  if (files.length === 0) return '.';
  let common = path.dirname(files[0]!).split(path.sep);
  for (const file of files.slice(1)) {
    const parts = path.dirname(file).split(path.sep);
    let i = 0;
    while (i < common.length && common[i] === parts[i]) i++;
    common = common.slice(0, i);
  }
  return common.join(path.sep) || path.sep;
}

function formatDiagnostic(ts: TypeScript, d: import('typescript').Diagnostic): string {
  const message = flatten(ts, d.messageText);
  if (!d.file || d.start === undefined) return message;
  const { line, character } = d.file.getLineAndCharacterOfPosition(d.start);
  return `${d.file.fileName}:${line + 1}:${character + 1}: ${message}`;
}

function flatten(ts: TypeScript, text: string | import('typescript').DiagnosticMessageChain): string {
  return ts.flattenDiagnosticMessageText(text, ' ');
}

function more(count: number): string {
  return count > 1 ? ` (and ${count - 1} more)` : '';
}
