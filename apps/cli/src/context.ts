import path from 'node:path';

/** What every command gets: where the workspace is, its version, and the streams it writes to. */
export interface CliContext {
  version: string;
  /** The repo (or installed package) root: dist/, examples/ and charts/ are found from here. */
  rootDir: string;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

export function defaultContext(version: string, rootDir = path.resolve(__dirname, '../../..')): CliContext {
  return { version, rootDir, stdout: process.stdout, stderr: process.stderr };
}

/** A failure meant for the user: printed as one line without a stack, then exit with `exitCode`. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
  }
}
