import { defaultContext } from './context';
import { runCli } from './program';

declare const KUACK_VERSION: string;

runCli(process.argv.slice(2), defaultContext(KUACK_VERSION)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`kuack: ${String(err)}\n`);
    process.exitCode = 1;
  },
);
