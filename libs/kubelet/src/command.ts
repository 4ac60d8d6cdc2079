import path from 'node:path';
import type { ContainerConfig } from '@kuack/oci';
import type { Container } from './pod.types';

export type LaunchPlan =
  | { runnable: true; program: string; args: string[]; cwd: string }
  | { runnable: false; reason: 'ImageNotRunnableLocally'; message: string };

const NODE_PROGRAM = /^(?:.*\/)?(?:node|nodejs)$/;

/** A path inside the unpacked root: absolute image paths are taken relative to the root, never outside it. */
export function insideRoot(root: string, imagePath: string, cwd = '/'): string {
  const absolute = path.posix.resolve(cwd, imagePath);
  return path.resolve(root, `.${absolute}`);
}

/**
 * How a container runs on this machine: the image's Entrypoint/Cmd, overridden by command/args (Kubernetes
 * rules: command replaces Entrypoint and drops Cmd; args replaces Cmd). Only a Node.js entrypoint can run
 * locally, with the host's Node.js; its script path (the first non-option argument) is resolved in the root.
 */
export function planLaunch(
  container: Container,
  image: ContainerConfig | undefined,
  root: string,
  hostNode: string,
): LaunchPlan {
  const entrypoint = container.command ?? image?.Entrypoint ?? [];
  const cmd = container.args ?? (container.command ? [] : (image?.Cmd ?? []));
  const argv = [...entrypoint, ...cmd];
  const imageCwd = container.workingDir ?? (image?.WorkingDir || '/');
  const cwd = insideRoot(root, imageCwd);
  if (argv.length === 0) {
    return {
      runnable: false,
      reason: 'ImageNotRunnableLocally',
      message: `container ${container.name}: the image has no entrypoint and the container no command`,
    };
  }
  if (!NODE_PROGRAM.test(argv[0])) {
    return {
      runnable: false,
      reason: 'ImageNotRunnableLocally',
      message: `container ${container.name}: local mode runs Node.js programs only, the entrypoint is "${argv.join(' ')}"`,
    };
  }
  const args = argv.slice(1);
  const script = args.findIndex((a) => !a.startsWith('-'));
  if (script >= 0) args[script] = insideRoot(root, args[script], imageCwd);
  return { runnable: true, program: hostNode, args, cwd };
}
