import type { KubeClient, KubeObject } from '@kuack/controller';

type Fns = typeof import('@kuack/functions');
type Controller = typeof import('@kuack/controller');

export const SERVICE_GVK = { apiVersion: 'serving.knative.dev/v1', kind: 'Service' };
export const TRIGGER_GVK = { apiVersion: 'eventing.knative.dev/v1', kind: 'Trigger' };

export interface Condition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  reason?: string;
  message?: string;
}

export interface ServiceObject extends KubeObject {
  spec?: Record<string, unknown>;
  status?: {
    url?: string;
    observedGeneration?: number;
    conditions?: Condition[];
    latestReadyRevisionName?: string;
  };
}

/**
 * Creates the function's Service, or updates the existing one (our labels, annotations and template; Serving's
 * own annotations and the traffic kept). Then creates the Triggers of deploy.subscriptions, owned by it.
 */
export async function applyFunctionService(
  client: KubeClient,
  fns: Fns,
  controller: Controller,
  desired: ServiceObject,
  subscriptions: Parameters<Fns['makeFunctionTriggers']>[1],
): Promise<{ service: ServiceObject; created: boolean; triggers: string[] }> {
  const { name, namespace } = desired.metadata;
  let service: ServiceObject;
  let created = false;
  try {
    const existing = await client.get<ServiceObject>(SERVICE_GVK, name!, namespace);
    service = await client.update(
      fns.serviceUpdate(existing as never, desired as never) as unknown as ServiceObject,
    );
  } catch (err) {
    if (!controller.isNotFound(err)) throw err;
    service = await client.create(desired);
    created = true;
  }
  const triggers: string[] = [];
  const wanted = fns.makeFunctionTriggers(
    { name: name!, namespace: namespace!, uid: service.metadata.uid! },
    subscriptions,
  );
  for (const trigger of wanted) {
    const object = trigger as unknown as KubeObject;
    try {
      await client.create(object);
    } catch (err) {
      if (!controller.isAlreadyExists(err)) throw err;
      const existing = await client.get(TRIGGER_GVK, object.metadata.name!, namespace);
      await client.update({ ...existing, spec: object.spec } as KubeObject);
    }
    triggers.push(object.metadata.name!);
  }
  return { service, created, triggers };
}

export interface WaitOptions {
  timeoutMs: number;
  /** A Ready=False lasting this long is a failure (Knative's error window). */
  errorWindowMs?: number;
  pollMs?: number;
  onProgress?: (line: string) => void;
}

export class ServiceNotReadyError extends Error {}

function readyOf(service: ServiceObject): Condition | undefined {
  return service.status?.conditions?.find((c) => c.type === 'Ready');
}

function describeCondition(c: Condition | undefined): string {
  if (!c) return 'no Ready condition yet (is the serving controller running?)';
  return `Ready=${c.status}${c.reason ? ` ${c.reason}` : ''}${c.message ? `: ${c.message}` : ''}`;
}

/**
 * Waits until the Service's status describes its current generation and Ready is True; returns its URL.
 * Ready=False for longer than the error window, or no Ready before the timeout, fails naming the reason.
 */
export async function waitForServiceReady(
  client: KubeClient,
  namespace: string,
  name: string,
  options: WaitOptions,
): Promise<{ url: string; service: ServiceObject }> {
  const pollMs = options.pollMs ?? 500;
  const errorWindowMs = options.errorWindowMs ?? 2000;
  const deadline = Date.now() + options.timeoutMs;
  let falseSince: number | undefined;
  let last = '';
  for (;;) {
    const service = await client.get<ServiceObject>(SERVICE_GVK, name, namespace);
    const current = (service.status?.observedGeneration ?? 0) >= (service.metadata.generation ?? 0);
    const ready = current ? readyOf(service) : undefined;
    const described = current
      ? describeCondition(ready)
      : 'the serving controller has not seen this version yet';
    if (described !== last) options.onProgress?.(described);
    last = described;
    if (ready?.status === 'True') {
      if (!service.status?.url)
        throw new ServiceNotReadyError(`Service ${namespace}/${name} is Ready but has no URL`);
      return { url: service.status.url, service };
    }
    if (ready?.status === 'False') {
      falseSince ??= Date.now();
      if (Date.now() - falseSince >= errorWindowMs) {
        throw new ServiceNotReadyError(
          `Service ${namespace}/${name} is not ready: ${describeCondition(ready)}`,
        );
      }
    } else falseSince = undefined;
    if (Date.now() >= deadline) {
      throw new ServiceNotReadyError(
        `Service ${namespace}/${name} did not become ready within ${Math.round(options.timeoutMs / 1000)} s: ${described}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}
