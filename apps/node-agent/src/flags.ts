import {
  DEFAULT_NODE_NAME,
  DEFAULT_POD_CIDR,
  type Reserved,
  type Taint,
  parseCidr,
  parseReserved,
} from '@kuack/kubelet';

export interface AgentFlags {
  dataDir: string;
  kubeconfig?: string;
  nodeName: string;
  podsLogDir?: string;
  podCidr: string;
  labels: Record<string, string>;
  taints: Taint[];
  maxPods: number;
  reserved?: Reserved;
  /** Serve container logs for a real kube-apiserver on this port (0 = any free one); off when unset. */
  logPort?: number;
  stopGraceMs: number;
}

const EFFECTS = new Set(['NoSchedule', 'PreferNoSchedule', 'NoExecute']);

/** `key=value:Effect` or `key:Effect`. */
export function parseTaint(text: string): Taint {
  const m = /^([^=:]+)(?:=([^:]*))?:(.+)$/.exec(text);
  if (!m || !EFFECTS.has(m[3]))
    throw new Error(`--taint: "${text}" is not key[=value]:NoSchedule|PreferNoSchedule|NoExecute`);
  return { key: m[1], ...(m[2] !== undefined ? { value: m[2] } : {}), effect: m[3] as Taint['effect'] };
}

/**
 * `--data-dir DIR [--kubeconfig FILE] [--node-name NAME] [--pods-log-dir DIR] [--pod-cidr CIDR]
 * [--label k=v]… [--taint k=v:Effect]… [--max-pods N] [--reserved cpu=500m,memory=512Mi] [--log-port N] [--stop-grace-seconds N]`; names the flag that is wrong.
 */
export function parseFlags(argv: string[]): AgentFlags {
  const flags: Partial<AgentFlags> = {
    nodeName: DEFAULT_NODE_NAME,
    podCidr: DEFAULT_POD_CIDR,
    labels: {},
    taints: [],
    maxPods: 110,
    stopGraceMs: 3000,
  };
  for (let i = 0; i < argv.length; i++) {
    const [name, inline] = argv[i].split(/=(.*)/s, 2);
    const value = inline ?? argv[++i];
    if (value === undefined) throw new Error(`${name}: a value is required`);
    const count = (min: number) => {
      const n = Number(value);
      if (!Number.isInteger(n) || n < min)
        throw new Error(`${name}: "${value}" is not a whole number >= ${min}`);
      return n;
    };
    switch (name) {
      case '--data-dir':
        flags.dataDir = value;
        break;
      case '--kubeconfig':
        flags.kubeconfig = value;
        break;
      case '--node-name':
        if (!/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(value))
          throw new Error(`--node-name: "${value}" is not a valid node name`);
        flags.nodeName = value;
        break;
      case '--pods-log-dir':
        flags.podsLogDir = value;
        break;
      case '--pod-cidr':
        parseCidr(value);
        flags.podCidr = value;
        break;
      case '--label': {
        const eq = value.indexOf('=');
        if (eq <= 0) throw new Error(`--label: "${value}" is not key=value`);
        flags.labels![value.slice(0, eq)] = value.slice(eq + 1);
        break;
      }
      case '--taint':
        flags.taints!.push(parseTaint(value));
        break;
      case '--max-pods':
        flags.maxPods = count(1);
        break;
      case '--reserved':
        flags.reserved = parseReserved(value);
        break;
      case '--log-port':
        flags.logPort = count(0);
        if (flags.logPort > 65535) throw new Error(`--log-port: "${value}" is not a port`);
        break;
      case '--stop-grace-seconds':
        flags.stopGraceMs = count(0) * 1000;
        break;
      default:
        throw new Error(`unknown flag ${name}`);
    }
  }
  if (!flags.dataDir) throw new Error('--data-dir: required');
  return flags as AgentFlags;
}
