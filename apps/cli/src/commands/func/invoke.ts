import fs from 'node:fs';
import type { Command } from 'commander';
import { CliError, type CliContext } from '../../context';
import { asUserErrors, functionRoot, loadFunctions, pathOption } from './load';

interface InvokeFlags {
  path?: string;
  format?: string;
  target?: string;
  id?: string;
  source: string;
  type: string;
  contentType: string;
  requestType: string;
  data: string;
  file?: string;
  extension: string[];
}

const collect = (value: string, previous: string[]) => [...previous, value];

export function register(func: Command, ctx: CliContext): void {
  pathOption(
    func
      .command('invoke')
      .description('send a request or a CloudEvent to the function (running locally, deployed, or at a URL)')
      .option('-f, --format <format>', 'http or cloudevent (default: func.yaml invoke, else http)')
      .option('-t, --target <target>', 'local, remote or a URL (default: local, else remote)')
      .option('--id <id>', 'CloudEvent id (default: a random UUID)')
      .option('--source <source>', 'CloudEvent source', '/boson/fn')
      .option('--type <type>', 'CloudEvent type', 'boson.fn')
      .option('--content-type <type>', 'Content-Type of the data', 'application/json')
      .option('--request-type <method>', 'POST or GET', 'POST')
      .option('--data <data>', 'data to send', '{"message":"Hello World"}')
      .option('--file <file>', 'send this file as the data (overrides --data)')
      .option('-e, --extension <key=value>', 'CloudEvent extension attribute (repeatable)', collect, []),
  ).action((flags: InvokeFlags) => asUserErrors(() => invoke(ctx, flags)));
}

async function invoke(ctx: CliContext, flags: InvokeFlags): Promise<void> {
  const fns = await loadFunctions();
  const root = functionRoot(flags);
  const extensions: Record<string, string> = {};
  for (const pair of flags.extension) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new CliError(`-e/--extension: "${pair}" is not key=value`);
    extensions[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  const format = flags.format ?? fns.readFuncYaml(root)?.func.invoke ?? 'http';
  const formatName = format === 'cloudevents' ? 'cloudevent' : format;
  if (formatName !== 'http' && formatName !== 'cloudevent')
    throw new CliError(`-f/--format: "${format}" must be http or cloudevent`);
  let data: Buffer;
  if (flags.file) {
    if (!fs.existsSync(flags.file)) throw new CliError(`--file: ${flags.file} does not exist`);
    data = fs.readFileSync(flags.file);
  } else data = Buffer.from(flags.data);
  try {
    const url = await fns.resolveInvokeTarget(root, flags.target, (name, namespace) =>
      remoteUrl(name, namespace),
    );
    const result = await fns.invokeFunction(url, {
      format: formatName,
      data,
      contentType: flags.contentType,
      requestType: flags.requestType.toUpperCase() as 'POST' | 'GET',
      id: flags.id,
      source: flags.source,
      type: flags.type,
      extensions,
    });
    const printed = fns.formatInvokeResult(result);
    ctx.stdout.write(printed.endsWith('\n') || printed === '' ? printed : `${printed}\n`);
  } catch (err) {
    if (err instanceof fns.FuncYamlError) throw err;
    throw new CliError((err as Error).message);
  }
}

/** status.url of the function's Knative Service, through the current kubeconfig (or ~/.kuack's). */
async function remoteUrl(name: string, namespace: string): Promise<string | undefined> {
  const { connect } = await import('@kuack/controller');
  const os = await import('node:os');
  const path = await import('node:path');
  const local = path.join(os.homedir(), '.kuack', 'kubeconfig');
  const kubeconfigPath = process.env.KUBECONFIG ?? (fs.existsSync(local) ? local : undefined);
  const client = connect({ kubeconfigPath });
  const service = await client.get<{
    apiVersion: string;
    kind: string;
    metadata: { name: string };
    status?: { url?: string };
  }>({ apiVersion: 'serving.knative.dev/v1', kind: 'Service' }, name, namespace);
  return service.status?.url;
}
