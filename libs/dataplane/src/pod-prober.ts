import http from 'node:http';
import { ActivatorUserAgent, Header, ProbeValue } from './headers';

export interface ProbeTarget {
  host: string;
  port: number;
}

export interface ProbeOptions {
  /** Per-probe timeout (Knative's activator: 300 ms). */
  timeoutMs?: number;
  /** Which hop the probe addresses; the answer must be 200 with this body. */
  value?: ProbeValue;
  path?: string;
  agent?: http.Agent;
  /** Default: Knative's activator prober. */
  userAgent?: string;
}

/** Probes a pod's queue-proxy (`K-Network-Probe: queue`): true only for 200 with body `queue`. */
export function probePod(target: ProbeTarget, opts: ProbeOptions = {}): Promise<boolean> {
  const value = opts.value ?? ProbeValue.Queue;
  return new Promise((resolve) => {
    let done = false;
    const finish = (ok: boolean) => {
      if (!done) {
        done = true;
        clearTimeout(timer);
        resolve(ok);
      }
    };
    const req = http.request(
      {
        host: target.host,
        port: target.port,
        path: opts.path ?? '/healthz',
        method: 'GET',
        headers: { [Header.Probe]: value, [Header.UserAgent]: opts.userAgent ?? ActivatorUserAgent },
        agent: opts.agent ?? false,
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => {
          if (body.length < 64) body += c;
        });
        res.on('end', () => finish(res.statusCode === 200 && body.trim() === value));
        res.on('error', () => finish(false));
      },
    );
    const timer = setTimeout(() => {
      req.destroy();
      finish(false);
    }, opts.timeoutMs ?? 300);
    req.on('error', () => finish(false));
    req.end();
  });
}

export interface PodProberOptions extends ProbeOptions {
  /** Period between probe rounds of pods not yet healthy (Knative's activator: 200 ms). */
  periodMs?: number;
  /** Called with the healthy set whenever it changes. */
  onChange: (healthy: ReadonlySet<string>) => void;
  /** Probes one dest ("host:port"); default probePod. */
  probe?: (dest: string) => Promise<boolean>;
}

/** "host:port" → ProbeTarget (IPv6 hosts in brackets). */
export function parseDest(dest: string): ProbeTarget {
  const i = dest.lastIndexOf(':');
  if (i <= 0) throw new Error(`destination "${dest}" is not host:port`);
  const host = dest.slice(0, i).replace(/^\[(.*)\]$/, '$1');
  const port = Number(dest.slice(i + 1));
  if (!Number.isInteger(port) || port <= 0 || port > 65535)
    throw new Error(`destination "${dest}" has no valid port`);
  return { host, port };
}

/**
 * Probes candidate pods until each answers healthy, as Knative's activator does: a pod counts once its
 * probe passed and stays healthy while it remains a candidate (readiness changes come through the
 * Endpoints: a pod that leaves the candidates and returns is probed again).
 */
export class PodProber {
  private candidates = new Set<string>();
  private readonly healthy = new Set<string>();
  private readonly inProgress = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private readonly periodMs: number;
  private readonly probe: (dest: string) => Promise<boolean>;

  constructor(private readonly opts: PodProberOptions) {
    this.periodMs = opts.periodMs ?? 200;
    this.probe = opts.probe ?? ((dest) => probePod(parseDest(dest), opts));
  }

  /** The pods to consider; returns at once, probing happens in the background. */
  setCandidates(dests: Iterable<string>): void {
    const next = new Set(dests);
    let changed = false;
    for (const dest of this.healthy) {
      if (!next.has(dest)) {
        this.healthy.delete(dest);
        changed = true;
      }
    }
    this.candidates = next;
    if (changed) this.opts.onChange(new Set(this.healthy));
    this.round();
  }

  healthyDests(): ReadonlySet<string> {
    return this.healthy;
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private round(): void {
    if (this.stopped) return;
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    const pending = [...this.candidates].filter((d) => !this.healthy.has(d) && !this.inProgress.has(d));
    for (const dest of pending) {
      this.inProgress.add(dest);
      void this.probe(dest)
        .catch(() => false)
        .then((ok) => {
          this.inProgress.delete(dest);
          if (ok && !this.stopped && this.candidates.has(dest) && !this.healthy.has(dest)) {
            this.healthy.add(dest);
            this.opts.onChange(new Set(this.healthy));
          }
        });
    }
    if ([...this.candidates].some((d) => !this.healthy.has(d))) {
      this.timer = setTimeout(() => this.round(), this.periodMs);
    }
  }
}
