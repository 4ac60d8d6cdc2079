// The function runtime's process entry: serves the function in $FUNC_ROOT (or argv[2], or the current
// directory). Bundled by esbuild into one file (no dependency on the monorepo at run time) for `kuack func run`
// and for the runtime layer of function images.
import path from 'node:path';
import { serve } from './serve';
import { exitOnSignals } from './signals';

async function main(): Promise<void> {
  const root = path.resolve(process.argv[2] ?? process.env.FUNC_ROOT ?? process.cwd());
  const fn = await serve(root, { root });
  exitOnSignals(fn);
  fn.log.info(`function from ${root} listening on ${fn.url}`);
  fn.started.catch((err: unknown) => {
    fn.log.fatal(err, 'start() failed: stopping');
    process.stderr.write(
      `kuack function runtime: start() failed: ${(err as Error)?.message ?? String(err)}\n`,
    );
    void fn.close().finally(() => process.exit(1));
  });
}

main().catch((err: unknown) => {
  process.stderr.write(`kuack function runtime: ${(err as Error)?.message ?? String(err)}\n`);
  process.exit(1);
});
