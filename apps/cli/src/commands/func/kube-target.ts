import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Command } from 'commander';

export interface KubeFlags {
  kubeconfig?: string;
  namespace?: string;
}

export function addKubeOptions(command: Command): Command {
  return command
    .option(
      '-n, --namespace <ns>',
      "namespace (default: func.yaml's, else the kubeconfig context's, else default)",
    )
    .option(
      '--kubeconfig <file>',
      "kubeconfig (default: $KUBECONFIG, else kuack up's ~/.kuack/kubeconfig, else ~/.kube/config)",
    );
}

/** The kubeconfig to use: the flag, $KUBECONFIG, the local platform's (kuack up), else client-node's default. */
export function kubeconfigPath(flags: KubeFlags, env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (flags.kubeconfig) return path.resolve(flags.kubeconfig);
  if (env.KUBECONFIG) return undefined;
  const local = path.join(os.homedir(), '.kuack', 'kubeconfig');
  return existsSync(local) ? local : undefined;
}

export async function connectKube(flags: KubeFlags) {
  const controller = await import('@kuack/controller');
  const file = kubeconfigPath(flags);
  const kc = controller.loadKubeConfig(file);
  const contextNamespace = kc.getContextObject(kc.getCurrentContext())?.namespace;
  const client = controller.connect({ ...(file ? { kubeconfigPath: file } : {}), userAgent: 'kuack-func' });
  return { client, controller, contextNamespace, server: kc.getCurrentCluster()?.server };
}
