import path from 'node:path';
import { PassThrough } from 'node:stream';
import type { CliContext } from '../context';

/** The repository root, from apps/cli/src/testing. */
export const REPO_ROOT = path.resolve(__dirname, '../../../..');

/** A CLI context whose stdout and stderr are captured, for driving `runCli` in-process in tests. */
export function captureCli(overrides: Partial<Pick<CliContext, 'version' | 'rootDir'>> = {}) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out: string[] = [];
  const err: string[] = [];
  stdout.on('data', (c) => out.push(String(c)));
  stderr.on('data', (c) => err.push(String(c)));
  const ctx: CliContext = { version: '0.0.0-test', rootDir: REPO_ROOT, ...overrides, stdout, stderr };
  return { ctx, out: () => out.join(''), err: () => err.join('') };
}
