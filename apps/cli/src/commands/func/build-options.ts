import path from 'node:path';
import type { Command } from 'commander';
import { CliError } from '../../context';

type Functions = typeof import('@kuack/functions');
type Oci = typeof import('@kuack/oci');

/** Flags shared by `kuack func build` and `kuack func deploy`. */
export interface ImageFlags {
  path?: string;
  registry?: string;
  image?: string;
  platform?: string;
  baseImage?: string;
  username?: string;
  password?: string;
  insecureRegistry?: boolean;
}

export function addImageOptions(command: Command): Command {
  return command
    .option('-p, --path <dir>', 'the function folder (default: the current folder)')
    .option('-r, --registry <registry>', 'registry for the image name: <registry>/<name>:latest')
    .option('-i, --image <image>', 'full image name (overrides --registry)')
    .option(
      '--platform <os/arch,...>',
      'platforms of the image (default linux/amd64,linux/arm64; local images: this machine)',
    )
    .option(
      '--base-image <image|none>',
      'base image providing node (default for registry images: node:20-slim; none: a local image)',
    )
    .option('--username <user>', 'registry user (or $KUACK_REGISTRY_USERNAME, or docker config.json)')
    .option('--password <password>', 'registry password (or $KUACK_REGISTRY_PASSWORD)')
    .option('--insecure-registry', 'allow plain HTTP to a registry that is not on loopback');
}

export function functionRoot(flags: ImageFlags): string {
  return path.resolve(flags.path ?? process.cwd());
}

export function registryOptions(flags: ImageFlags): import('@kuack/oci').RegistryClientOptions {
  if ((flags.username === undefined) !== (flags.password === undefined)) {
    throw new CliError('--username and --password go together', 2);
  }
  return {
    ...(flags.username !== undefined
      ? { credentials: { username: flags.username, password: flags.password! } }
      : {}),
    ...(flags.insecureRegistry ? { insecure: true } : {}),
  };
}

export function parsePlatforms(
  oci: Oci,
  value: string | undefined,
): import('@kuack/oci').Platform[] | undefined {
  if (value === undefined) return undefined;
  try {
    return value.split(',').map((p) => oci.parsePlatform(p.trim()));
  } catch (err) {
    throw new CliError(`--platform: ${(err as Error).message}`, 2);
  }
}

/**
 * The base image of a build: the flag, else func.yaml `build.baseImage`, else the default Node.js image for
 * an image that goes to a registry; none (a local image, run with the host's Node.js) otherwise.
 */
export function chooseBaseImage(
  fns: Functions,
  flag: string | undefined,
  fromFuncYaml: string | undefined,
  image: string,
): string | undefined {
  const chosen = flag ?? fromFuncYaml;
  if (chosen === 'none') return undefined;
  if (chosen) return chosen;
  return image.startsWith(`${fns.LOCAL_REGISTRY}/`) ? undefined : fns.DEFAULT_BASE_IMAGE;
}

/** Library failures become one-line user errors; programming errors keep their stack. */
export async function asCliErrors<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof CliError) throw err;
    if (err instanceof TypeError || err instanceof ReferenceError) throw err;
    throw new CliError(describeFailure(err as Error));
  }
}

const UNREACHABLE = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ECONNRESET',
]);

/** One line: the error's message, with what to do when a registry or API server cannot be reached. */
export function describeFailure(err: Error): string {
  const code = (err as { code?: string }).code ?? (err.cause as { code?: string } | undefined)?.code;
  if (code && UNREACHABLE.has(code)) {
    return `${err.message.split('\n')[0]} — the server cannot be reached (${code}): check its address and that it is running`;
  }
  return err.message.split('\n')[0]!;
}
