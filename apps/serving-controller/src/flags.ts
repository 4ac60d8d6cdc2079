export interface ControllerFlags {
  kubeconfig?: string;
  systemNamespace: string;
  /** host:port of /healthz, /readyz and /metrics. */
  healthAddress: string;
  /** host:port of the autoscaler's `POST /v1/stats`. */
  autoscalerAddress: string;
  leaderElect: boolean;
  leaseName: string;
  workers: number;
  /** The local image store digests are resolved in first; undefined: the default; '': none. */
  imageStore?: string;
  insecureRegistry: boolean;
  /** host:port of the admission webhook (HTTPS); undefined: no webhook. */
  webhookAddress?: string;
  /** The URL host the webhook configurations point at (default: the webhook address). */
  webhookUrlHost?: string;
  /** Point the webhook configurations at this Service (`namespace/name[:port]`) instead of a URL. */
  webhookService?: string;
  readyFile?: string;
  logLevel?: string;
}

export const USAGE = `usage: serving-controller [flags]

Runs Kuack's Serving controllers (Service, Configuration, Route, labeler, revision GC, DomainMapping,
Revision, PodAutoscaler (KPA), ServerlessService), the autoscaler's stats endpoint and, with
--webhook-address, the admission webhook.

  --kubeconfig FILE            kubeconfig of the API server (default: $KUBECONFIG, in-cluster, ~/.kube/config)
  --system-namespace NS        Knative's namespace: config maps, activator, leases (default: knative-serving)
  --health-address HOST:PORT   GET /healthz, /readyz, /metrics (default: 127.0.0.1:8088; port 0 = ephemeral)
  --autoscaler-address H:P     POST /v1/stats from activators (default: 127.0.0.1:8086)
  --leader-elect true|false    run the controllers only while holding the lease (default: true)
  --lease-name NAME            the coordination.k8s.io Lease (default: serving-controller)
  --workers N                  reconcile workers per controller (default: 4)
  --image-store DIR|none       local OCI image store asked first for digests
                               (default: $KUACK_IMAGE_STORE, else ~/.kuack/images when it exists)
  --insecure-registry true|false  plain HTTP to non-loopback registries when resolving digests (default: false)
  --webhook-address HOST:PORT  serve the admission webhook over HTTPS there (default: off)
  --webhook-url-host HOST:PORT host the webhook configurations' URLs name (default: the webhook address)
  --webhook-service NS/NAME[:PORT]  point the webhook configurations at a Service instead of a URL
  --ready-file FILE            write "listening health=<port> autoscaler=<port> webhook=<port>" there when ready
  --log-level LEVEL            trace|debug|info|warn|error (default: info, or $LOG_LEVEL)
  -h, --help                   this text

Also printed on stdout when ready: "listening health=<port> autoscaler=<port> [webhook=<port>]".`;

/** A bad flag: the message names it; the process exits with 2. */
export class FlagError extends Error {}
/** --help: print the usage and exit 0. */
export class HelpRequested extends Error {}

const HOST_PORT = /^(\[[0-9a-fA-F:.]+\]|[^:\s]+):(\d{1,5})$/;

export function parseHostPort(flag: string, value: string): { host: string; port: number } {
  const m = HOST_PORT.exec(value);
  const port = m ? Number(m[2]) : NaN;
  if (!m || port > 65535) throw new FlagError(`${flag}: "${value}" is not HOST:PORT (port 0-65535)`);
  return { host: m[1].replace(/^\[|\]$/g, ''), port };
}

export function parseFlags(argv: string[], env: NodeJS.ProcessEnv = process.env): ControllerFlags {
  const flags: ControllerFlags = {
    systemNamespace: env.SYSTEM_NAMESPACE || 'knative-serving',
    healthAddress: '127.0.0.1:8088',
    autoscalerAddress: '127.0.0.1:8086',
    leaderElect: true,
    leaseName: 'serving-controller',
    workers: 4,
    insecureRegistry: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--help' || arg === '-h') throw new HelpRequested(USAGE);
    if (!arg.startsWith('--')) throw new FlagError(`unexpected argument "${arg}" (flags start with --)`);
    const [name, inline] = arg.split(/=(.*)/s, 2);
    const value = inline ?? argv[++i];
    if (value === undefined) throw new FlagError(`${name}: a value is required`);
    const nonEmpty = () => {
      if (!value.trim()) throw new FlagError(`${name}: must not be empty`);
      return value.trim();
    };
    const bool = () => {
      if (value !== 'true' && value !== 'false')
        throw new FlagError(`${name}: "${value}" is not true or false`);
      return value === 'true';
    };
    const hostPort = () => {
      parseHostPort(name, value);
      return value;
    };
    switch (name) {
      case '--kubeconfig':
        flags.kubeconfig = nonEmpty();
        break;
      case '--system-namespace':
        if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(value))
          throw new FlagError(`${name}: "${value}" is not a namespace name`);
        flags.systemNamespace = value;
        break;
      case '--health-address':
        flags.healthAddress = hostPort();
        break;
      case '--autoscaler-address':
        flags.autoscalerAddress = hostPort();
        break;
      case '--leader-elect':
        flags.leaderElect = bool();
        break;
      case '--lease-name':
        flags.leaseName = nonEmpty();
        break;
      case '--workers': {
        const n = Number(value);
        if (!/^\d+$/.test(value) || n < 1)
          throw new FlagError(`${name}: "${value}" is not a whole number >= 1`);
        flags.workers = n;
        break;
      }
      case '--image-store':
        flags.imageStore = value === 'none' ? '' : nonEmpty();
        break;
      case '--insecure-registry':
        flags.insecureRegistry = bool();
        break;
      case '--webhook-address':
        flags.webhookAddress = hostPort();
        break;
      case '--webhook-url-host':
        flags.webhookUrlHost = hostPort();
        break;
      case '--webhook-service':
        if (!/^[a-z0-9-]+\/[a-z0-9-]+(:\d+)?$/.test(value))
          throw new FlagError(`${name}: "${value}" is not NAMESPACE/NAME[:PORT]`);
        flags.webhookService = value;
        break;
      case '--ready-file':
        flags.readyFile = nonEmpty();
        break;
      case '--log-level':
        if (!['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'].includes(value))
          throw new FlagError(`${name}: "${value}" is not a log level`);
        flags.logLevel = value;
        break;
      default:
        throw new FlagError(`${name}: unknown flag (see --help)`);
    }
  }
  return flags;
}
