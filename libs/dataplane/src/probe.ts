import type { IncomingMessage, ServerResponse } from 'node:http';
import { Header, KubeProbeUserAgentPrefix, type ProbeValue } from './headers';

/**
 * Whether the request is a network probe (`K-Network-Probe` present); with `value`, whether it is the
 * probe addressed to that hop (`queue` for the queue-proxy, `activator` for the activator).
 */
export function isProbe(req: IncomingMessage, value?: ProbeValue): boolean {
  const header = req.headers[Header.Probe];
  if (header === undefined) return false;
  return value === undefined || header === value;
}

/** Whether the request comes from the kubelet's HTTP prober (User-Agent `kube-probe/<version>`). */
export function isKubeletProbe(req: IncomingMessage): boolean {
  const ua = req.headers[Header.UserAgent];
  return typeof ua === 'string' && ua.startsWith(KubeProbeUserAgentPrefix);
}

/** Answers a probe: 200 with the hop's name as body when healthy, 503 otherwise. */
export function answerProbe(res: ServerResponse, value: ProbeValue, healthy: boolean): void {
  const body = healthy ? value : `${value} not ready`;
  res.writeHead(healthy ? 200 : 503, {
    'content-type': 'text/plain; charset=utf-8',
    'content-length': Buffer.byteLength(body),
    'cache-control': 'no-store',
  });
  res.end(body);
}
