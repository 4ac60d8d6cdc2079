import path from 'node:path';
import type { Command } from 'commander';
import { CliError } from '../../context';

export type Functions = typeof import('@kuack/functions');

/** @kuack/functions loads only when a func command runs, so `kuack --help` stays fast. */
export const loadFunctions = (): Promise<Functions> => import('@kuack/functions');

/** `-p, --path`: the function's folder (default: the current directory), as Knative's func has it. */
export const pathOption = (c: Command) =>
  c.option('-p, --path <dir>', 'the function folder (default: the current directory)');

export function functionRoot(flags: { path?: string }): string {
  return path.resolve(flags.path ?? process.cwd());
}

/** Runs an action, turning library errors that are the user's to fix into one-line CLI errors. */
export async function asUserErrors<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    const fns = await loadFunctions();
    if (err instanceof fns.FuncYamlError || err instanceof fns.CreateError) throw new CliError(err.message);
    throw err;
  }
}
