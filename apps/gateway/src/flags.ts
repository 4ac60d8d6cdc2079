import { KUACK_INGRESS_CLASS } from './ingress-class';
import { DEFAULT_LOAD_BALANCERS } from './ingress-status';

export interface GatewayFlags {
  kubeconfig?: string;
  ingressClass: string;
  bind: string;
  httpPort: number;
  /** null: no HTTPS listener. */
  httpsPort: number | null;
  /** null: no internal listener. */
  internalHttpPort: number | null;
  /** null: no admin listener. */
  adminPort: number | null;
  publicDomainInternal: string;
  privateDomainInternal: string;
  serveClusterLocal: boolean;
  maxHeaderBytes: number;
  drainSeconds: number;
  readyFile?: string;
}

export const USAGE = `usage: gateway [--kubeconfig FILE] [--ingress-class CLASS] [--bind ADDR]
  [--http-port N] [--https-port N|none] [--internal-http-port N|none] [--admin-port N|none] [--public-domain-internal NAME]
  [--private-domain-internal NAME] [--serve-cluster-local true|false] [--max-header-bytes N]
  [--drain-seconds N] [--ready-file FILE]
Ports: 0 = ephemeral; the actual ports are printed as "listening http=<port> https=<port> admin=<port>"
(plus " internal=<port>" with --internal-http-port). --serve-cluster-local=false keeps ClusterLocal hosts to
the internal listener (Knative's split of public and internal gateways on clusters).`;

/** Parses `--name value` / `--name=value` flags; an error names the flag and the bad value. */
export function parseFlags(argv: string[]): GatewayFlags {
  const flags: GatewayFlags = {
    ingressClass: KUACK_INGRESS_CLASS,
    bind: '127.0.0.1',
    httpPort: 8080,
    httpsPort: 8443,
    internalHttpPort: null,
    adminPort: 9081,
    publicDomainInternal: DEFAULT_LOAD_BALANCERS.publicDomainInternal,
    privateDomainInternal: DEFAULT_LOAD_BALANCERS.privateDomainInternal,
    serveClusterLocal: true,
    maxHeaderBytes: 65536,
    drainSeconds: 10,
  };
  for (let i = 0; i < argv.length; i++) {
    const [name, inline] = argv[i].split(/=(.*)/s, 2);
    if (name === '--help' || name === '-h') throw new Error(USAGE);
    const value = inline ?? argv[++i];
    if (value === undefined) throw new Error(`${name}: a value is required`);
    const port = (allowNone: boolean): number | null => {
      if (allowNone && value === 'none') return null;
      const n = Number(value);
      if (!/^\d+$/.test(value) || n > 65535)
        throw new Error(`${name}: "${value}" is not a port number (0-65535${allowNone ? ' or none' : ''})`);
      return n;
    };
    const count = (min: number) => {
      const n = Number(value);
      if (!/^\d+$/.test(value) || n < min)
        throw new Error(`${name}: "${value}" is not a whole number >= ${min}`);
      return n;
    };
    const nonEmpty = () => {
      if (!value.trim()) throw new Error(`${name}: must not be empty`);
      return value.trim();
    };
    switch (name) {
      case '--kubeconfig':
        flags.kubeconfig = nonEmpty();
        break;
      case '--ingress-class':
        flags.ingressClass = nonEmpty();
        break;
      case '--bind':
        flags.bind = nonEmpty();
        break;
      case '--http-port':
        flags.httpPort = port(false) as number;
        break;
      case '--https-port':
        flags.httpsPort = port(true);
        break;
      case '--internal-http-port':
        flags.internalHttpPort = port(true);
        break;
      case '--admin-port':
        flags.adminPort = port(true);
        break;
      case '--public-domain-internal':
        flags.publicDomainInternal = nonEmpty();
        break;
      case '--private-domain-internal':
        flags.privateDomainInternal = nonEmpty();
        break;
      case '--serve-cluster-local':
        if (value !== 'true' && value !== 'false')
          throw new Error(`${name}: "${value}" is not true or false`);
        flags.serveClusterLocal = value === 'true';
        break;
      case '--max-header-bytes':
        flags.maxHeaderBytes = count(1024);
        break;
      case '--drain-seconds':
        flags.drainSeconds = count(0);
        break;
      case '--ready-file':
        flags.readyFile = nonEmpty();
        break;
      default:
        throw new Error(`${name}: unknown flag\n${USAGE}`);
    }
  }
  return flags;
}

/** The stdout line (and ready-file content) tests and `kuack up` wait for. */
export function listeningLine(ports: {
  httpPort: number;
  httpsPort?: number;
  adminPort?: number;
  internalHttpPort?: number;
}): string {
  const internal = ports.internalHttpPort !== undefined ? ` internal=${ports.internalHttpPort}` : '';
  return `listening http=${ports.httpPort} https=${ports.httpsPort ?? 'none'} admin=${ports.adminPort ?? 'none'}${internal}`;
}
