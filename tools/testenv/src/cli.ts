// Runs tools/testenv/cli.mjs (plain Node.js) and returns its JSON answer.
import { execFile } from 'node:child_process';
import path from 'node:path';

export const TESTENV_CLI = path.resolve(__dirname, '..', 'cli.mjs');

/** Runs `node cli.mjs ...args`; rejects with its stderr (which carries log tails) when it fails. */
export function runTestenvCli(args: string[]): Promise<unknown> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [TESTENV_CLI, ...args],
      { maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error) {
          reject(new Error(`testenv ${args.join(' ')} failed (${error.code ?? error.signal}):\n${stderr}`));
          return;
        }
        try {
          resolve(JSON.parse(stdout));
        } catch {
          reject(new Error(`testenv ${args.join(' ')}: unexpected output:\n${stdout}\n${stderr}`));
        }
      },
    );
  });
}
