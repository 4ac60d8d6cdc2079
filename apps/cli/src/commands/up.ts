import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Command } from 'commander';
import { GracefulShutdown, createLogger } from '@kuack/observability';
import { Supervisor, type ComponentEvent } from '@kuack/supervisor';
import { CliError, type CliContext } from '../context';
import { PLATFORM_COMPONENTS, componentNames, kubeconfigOf, type UpOptions } from '../up/components';
import { installIntoApiServer, storeQueueProxyImage, withPlatformInstall } from '../up/platform-install';
import { deployExamples } from '../up/examples';
import { planUp } from '../up/plan';

interface UpFlags {
  dataDir: string;
  examples: boolean;
  skip: string[];
  apiPort: string;
  kubeconfig?: string;
  gatewayPort: string;
  gatewayHttpsPort: string;
  activatorAddress: string;
  autoscalerPort: string;
  podCidr: string;
  nodeName: string;
  systemNamespace: string;
}

export function parsePort(flag: string, value: string): number {
  const port = Number(value);
  if (!/^\d+$/.test(value) || port < 1 || port > 65535) {
    throw new CliError(`${flag}: "${value}" is not a port number (1-65535)`, 2);
  }
  return port;
}

export function register(program: Command, ctx: CliContext): void {
  program
    .command('up')
    .description('run the local platform (embedded cluster, node agent, controllers, gateway…) until Ctrl-C')
    .option(
      '--data-dir <dir>',
      'where state, logs and the kubeconfig live',
      path.join(os.homedir(), '.kuack'),
    )
    .option('--api-port <port>', "the embedded cluster's HTTPS port on 127.0.0.1", '6443')
    .option(
      '--kubeconfig <file>',
      'run on this API server instead of the embedded cluster (CRDs and config maps are installed into it)',
    )
    .option('--gateway-port <port>', "the gateway's HTTP port on 127.0.0.1", '8080')
    .option('--gateway-https-port <port>', "the gateway's HTTPS port on 127.0.0.1", '8443')
    .option(
      '--activator-address <host:port>',
      "the activator's address (on an external API server: an address of the pod network, not loopback)",
      '127.0.0.1:8012',
    )
    .option('--autoscaler-port <port>', "the serving controller's stats port on 127.0.0.1", '8086')
    .option('--pod-cidr <cidr>', 'the addresses Pods get', '127.1.0.0/16')
    .option('--node-name <name>', 'the name of the node the node agent registers', 'kuack-local')
    .option('--system-namespace <ns>', "where Knative Serving's config maps live", 'knative-serving')
    .option('--no-examples', 'do not deploy examples/')
    .option(
      '--skip <component...>',
      `leave components out to run them from source (${componentNames().join(', ')})`,
      [],
    )
    .action((flags: UpFlags) => up(flags, ctx));
}

function upOptions(flags: UpFlags, rootDir: string): UpOptions {
  const dataDir = path.resolve(flags.dataDir);
  if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(flags.systemNamespace))
    throw new CliError(`--system-namespace: "${flags.systemNamespace}" is not a namespace name`, 2);
  if (!/^\d{1,3}(\.\d{1,3}){3}\/\d{1,2}$/.test(flags.podCidr))
    throw new CliError(`--pod-cidr: "${flags.podCidr}" is not an IPv4 CIDR such as 127.1.0.0/16`, 2);
  const activator = /^(\d{1,3}(?:\.\d{1,3}){3}):(\d+)$/.exec(flags.activatorAddress);
  if (!activator)
    throw new CliError(`--activator-address: "${flags.activatorAddress}" is not an IPv4 host:port`, 2);
  parsePort('--activator-address', activator[2]);
  if (flags.kubeconfig && !fs.existsSync(flags.kubeconfig))
    throw new CliError(`--kubeconfig: ${flags.kubeconfig} does not exist`, 2);
  return {
    rootDir,
    dataDir,
    examples: flags.examples,
    apiPort: parsePort('--api-port', flags.apiPort),
    externalKubeconfig: flags.kubeconfig ? path.resolve(flags.kubeconfig) : undefined,
    gatewayHttpPort: parsePort('--gateway-port', flags.gatewayPort),
    gatewayHttpsPort: parsePort('--gateway-https-port', flags.gatewayHttpsPort),
    activatorAddress: flags.activatorAddress,
    autoscalerPort: parsePort('--autoscaler-port', flags.autoscalerPort),
    podCidr: flags.podCidr,
    nodeName: flags.nodeName,
    systemNamespace: flags.systemNamespace,
    imageStore: process.env.KUACK_IMAGE_STORE ?? path.join(dataDir, 'images'),
  };
}

async function up(flags: UpFlags, ctx: CliContext): Promise<void> {
  const options = upOptions(flags, ctx.rootDir);
  let plan;
  try {
    plan = planUp(PLATFORM_COMPONENTS, [
      ...flags.skip,
      ...(options.externalKubeconfig && !flags.skip.includes('embedded-cluster') ? ['embedded-cluster'] : []),
    ]);
  } catch (err) {
    throw new CliError((err as Error).message, 2);
  }
  const out = (line = '') => ctx.stdout.write(line + '\n');
  out(`Kuack ${ctx.version}: local platform (data in ${options.dataDir})`);
  const kubeconfig = kubeconfigOf(options);
  for (const c of plan.skipped) {
    if (c.name === 'embedded-cluster' && options.externalKubeconfig)
      out(`  not used   embedded-cluster: running on the API server of ${kubeconfig}`);
    else
      out(
        `  skipped    ${c.name}: run it from source with KUBECONFIG=${kubeconfig} node dist/apps/${c.name}/main.js`,
      );
  }
  for (const c of plan.notBuilt) {
    out(`  not built  ${c.name}: ${c.what}${c.issue ? ` (issue #${c.issue})` : ' (not yet planned)'}`);
  }
  if (plan.run.length === 0) {
    out('');
    out(
      'No platform component is built yet, so nothing runs: there is no cluster, no URL and no example to deploy.',
    );
    return;
  }

  // The terminal shows the component table; the supervisor's own log goes beside the components' logs.
  const logger = createLogger({ name: 'kuack-up', file: path.join(options.dataDir, 'logs', 'kuack-up.log') });
  const specs = withPlatformInstall(
    plan.run.map((c) => c.spec!(options)),
    options,
  );
  const supervisor = new Supervisor({
    logDir: path.join(options.dataDir, 'logs'),
    onEvent: (e) => report(e, out),
  });
  new GracefulShutdown({ logger, deadlineMs: 9_500 })
    .add('components', () => supervisor.stop())
    .add('pods', () => killLeftoverPods(options, out), 1)
    .listen();
  try {
    await storeQueueProxyImage(options);
    if (options.externalKubeconfig) await installIntoApiServer(options);
    await supervisor.start(specs);
  } catch (err) {
    throw new CliError((err as Error).message);
  }
  out('');
  for (const spec of specs) for (const line of spec.describe?.() ?? []) out(`  ${spec.name}: ${line}`);
  if (options.examples && plan.run.some((c) => c.name === 'serving-controller')) {
    try {
      for (const line of await deployExamples(options)) out(`  example: ${line}`);
    } catch (err) {
      out(`  example: not deployed: ${(err as Error).message}`);
    }
  }
  out(`Logs in ${path.join(options.dataDir, 'logs')}. Ctrl-C stops everything.`);
  // Runs until a signal: GracefulShutdown stops the components and exits.
  await new Promise<never>(() => {});
}

/**
 * The node agent stops its Pods' processes (their own process groups) before it exits; if it was killed first,
 * what its process registry still lists is killed here, loudly, so Ctrl-C never leaves a Pod running.
 */
async function killLeftoverPods(options: UpOptions, out: (line: string) => void): Promise<void> {
  const { ProcessRegistry } = await import('@kuack/kubelet');
  const killed = new ProcessRegistry(
    path.join(options.dataDir, 'node-agent', 'processes.json'),
  ).killLeftovers();
  if (killed > 0) out(`  killed     ${killed} Pod process group(s) the node agent did not stop in time`);
}

function report(event: ComponentEvent, out: (line: string) => void): void {
  const { component, state } = event;
  if (state === 'ready') out(`  running    ${component} (pid ${event.pid})`);
  else if (state === 'restarting') {
    const how = event.signal ? `signal ${event.signal}` : `code ${event.exitCode}`;
    out(`  crashed    ${component} (${how}); restart #${event.restarts} in ${event.delayMs} ms`);
  } else if (state === 'failed') out(`  failed     ${component}: ${event.message}`);
  else if (state === 'stopped')
    out(`  stopped    ${component}${event.signal === 'SIGKILL' ? ' (killed: it did not stop in time)' : ''}`);
}
