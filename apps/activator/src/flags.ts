export interface ActivatorFlags {
  host: string;
  port: number;
  kubeconfig?: string;
  autoscalerUrl: string;
  registerEndpoints: boolean;
  systemNamespace: string;
  drainSeconds: number;
}

/** `host:port` (IPv4, IPv6 in brackets, or a name); names the flag when wrong. */
export function parseAddress(flag: string, value: string): { host: string; port: number } {
  const m = /^(\[[^\]]+\]|[^:]+):(\d+)$/.exec(value);
  const port = m ? Number(m[2]) : NaN;
  if (!m || !Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`${flag}: "${value}" is not host:port`);
  }
  return { host: m[1].replace(/^\[(.*)\]$/, '$1'), port };
}

/**
 * `[--address host:port] [--kubeconfig FILE] [--autoscaler-url URL] [--register-endpoints]
 * [--system-namespace NS] [--drain-seconds N]`.
 */
export function parseFlags(
  argv: string[],
  env: Record<string, string | undefined> = process.env,
): ActivatorFlags {
  const flags: ActivatorFlags = {
    ...parseAddress('--address', '127.0.0.1:8012'),
    autoscalerUrl: 'http://127.0.0.1:8086',
    registerEndpoints: false,
    systemNamespace: env.SYSTEM_NAMESPACE || 'knative-serving',
    drainSeconds: 0,
  };
  for (let i = 0; i < argv.length; i++) {
    const [name, inline] = argv[i].split(/=(.*)/s, 2);
    if (name === '--register-endpoints') {
      flags.registerEndpoints = inline === undefined || inline === 'true';
      continue;
    }
    const value = inline ?? argv[++i];
    if (value === undefined) throw new Error(`${name}: a value is required`);
    switch (name) {
      case '--address':
        Object.assign(flags, parseAddress('--address', value));
        break;
      case '--kubeconfig':
        flags.kubeconfig = value;
        break;
      case '--autoscaler-url': {
        let url: URL;
        try {
          url = new URL(value);
        } catch {
          throw new Error(`--autoscaler-url: "${value}" is not a URL`);
        }
        if (url.protocol !== 'http:' && url.protocol !== 'https:') {
          throw new Error(`--autoscaler-url: "${value}" must be http:// or https://`);
        }
        flags.autoscalerUrl = value;
        break;
      }
      case '--system-namespace':
        flags.systemNamespace = value;
        break;
      case '--drain-seconds': {
        const n = Number(value);
        if (!Number.isFinite(n) || n < 0) throw new Error(`--drain-seconds: "${value}" is not a number ≥ 0`);
        flags.drainSeconds = n;
        break;
      }
      default:
        throw new Error(`${name}: unknown flag`);
    }
  }
  return flags;
}
