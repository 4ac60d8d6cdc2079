import http from 'node:http';
import type { EndpointsObject, PodAutoscalerObject } from './types';

export const ACTIVATOR_PROBE_HEADER = 'k-network-probe';
export const ACTIVATOR_NAME = 'activator';
const HEALTH_CHECK_PATH = '/healthz';

/** Whether the revision's public Service currently leads to the activator. */
export type ActivatorProbe = (pa: PodAutoscalerObject) => Promise<boolean>;

/**
 * Probes the activator through the revision's public Service without DNS (there is no kube-proxy in local
 * mode): the first address of its Endpoints, port `http`, `GET /healthz` with `K-Network-Probe: activator`;
 * only 200 with body `activator` counts (Knative's scaler probe). In Serve mode the pods answer instead
 * (with `queue` or the user's reply), which does not count.
 */
export function endpointsActivatorProbe(
  endpoints: { get(key: string): EndpointsObject | undefined },
  timeoutMs = 1000,
): ActivatorProbe {
  return async (pa) => {
    const name = pa.status?.serviceName;
    if (!name) return false;
    const ep = endpoints.get(`${pa.metadata.namespace}/${name}`);
    for (const subset of ep?.subsets ?? []) {
      const port = subset.ports?.find((p) => p.name === 'http') ?? subset.ports?.[0];
      const address = subset.addresses?.[0];
      if (port && address) return probeOnce(address.ip, port.port, timeoutMs);
    }
    return false;
  };
}

function probeOnce(host: string, port: number, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const req = http.get(
      {
        host,
        port,
        path: HEALTH_CHECK_PATH,
        timeout: timeoutMs,
        agent: false,
        headers: { [ACTIVATOR_PROBE_HEADER]: ACTIVATOR_NAME, 'user-agent': 'Knative-Autoscaling-Probe' },
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => {
          if (body.length < 64) body += c;
        });
        res.on('end', () => resolve(res.statusCode === 200 && body.trim() === ACTIVATOR_NAME));
        res.on('error', () => resolve(false));
      },
    );
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(false));
  });
}
