import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { CliError, type CliContext } from '../context';

interface ValidateOptions {
  filename: string[];
  output?: string;
  recursive?: boolean;
  warnings?: boolean;
}

const MANIFEST = /\.(ya?ml|json)$/i;

/** Files named by -f: a file, every manifest in a directory (recursively with -R), or `-` for stdin. */
export function expandInputs(
  inputs: string[],
  recursive: boolean,
  readStdin: () => string,
): Array<{ name: string; content: string }> {
  const out: Array<{ name: string; content: string }> = [];
  const walk = (dir: string) => {
    for (const entry of fs
      .readdirSync(dir, { withFileTypes: true })
      .sort((a, b) => a.name.localeCompare(b.name))) {
      const p = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (recursive) walk(p);
      } else if (MANIFEST.test(entry.name)) {
        out.push({ name: p, content: fs.readFileSync(p, 'utf8') });
      }
    }
  };
  for (const input of inputs) {
    if (input === '-') {
      out.push({ name: '-', content: readStdin() });
      continue;
    }
    let stat: fs.Stats;
    try {
      stat = fs.statSync(input);
    } catch {
      throw new CliError(`validate: ${input}: no such file or directory`, 2);
    }
    if (stat.isDirectory()) walk(input);
    else out.push({ name: input, content: fs.readFileSync(input, 'utf8') });
  }
  return out;
}

export function register(program: Command, ctx: CliContext): void {
  program
    .command('validate')
    .description("default and validate Knative manifests offline, as Kuack's admission webhook would")
    .requiredOption(
      '-f, --filename <path...>',
      'a file, a directory of .yaml/.yml/.json files, or - for stdin (repeatable)',
      (v: string, prev: string[] = []) => [...prev, v],
    )
    .option('-R, --recursive', 'descend into sub-directories of a directory given with -f')
    .option('-o, --output <format>', 'yaml: print the defaulted objects')
    .option('--warnings', 'also print warnings (they never fail validation)')
    .action(async (opts: ValidateOptions) => {
      if (opts.output !== undefined && opts.output !== 'yaml')
        throw new CliError(
          `validate: unsupported output format ${JSON.stringify(opts.output)} (want yaml)`,
          2,
        );
      const { validateManifests, formatProblems, defaultedYaml } = await import('@kuack/api');
      const sources = expandInputs(opts.filename, !!opts.recursive, () => fs.readFileSync(0, 'utf8'));
      if (sources.length === 0)
        throw new CliError(`validate: no manifests found in ${opts.filename.join(', ')}`, 2);
      const results = validateManifests(sources);
      const lines = formatProblems(results, !!opts.warnings);
      const report = opts.output === 'yaml' ? ctx.stderr : ctx.stdout;
      for (const l of lines) report.write(`${l}\n`);
      if (opts.output === 'yaml') ctx.stdout.write(defaultedYaml(results));
      const failed = results.filter((r) => r.errors.length > 0).length;
      if (failed > 0) throw new CliError(`validate: ${failed} of ${results.length} objects are invalid`, 1);
      if (opts.output !== 'yaml') ctx.stdout.write(`${results.length} objects valid\n`);
    });
}
