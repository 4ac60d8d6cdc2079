import { type InformerFactory, enqueueControllerOf, isResync, reconcilerController } from '@kuack/controller';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { ACTIVATOR_SERVICE_NAME, serverlessServiceReconciler } from './reconciler';
import {
  ENDPOINTS,
  type EndpointsObject,
  SERVERLESS_SERVICE,
  SERVICE,
  type ServerlessServiceObject,
  type ServiceObject,
} from './types';

export interface ServerlessServiceControllerDeps {
  factory: InformerFactory;
  logger: Logger;
  /** Knative's system namespace, where the activator's Endpoints live (default `knative-serving`). */
  systemNamespace?: string;
  registry?: Registry;
  workers?: number;
}

const PRIVATE_SUFFIX = '-private';

/**
 * The ServerlessService controller: SKSs, the Services and Endpoints they own, the private Services' Endpoints
 * (pods becoming ready) and the activator's Endpoints (every SKS follows them).
 */
export function serverlessServiceController(deps: ServerlessServiceControllerDeps) {
  const { factory } = deps;
  const systemNamespace = deps.systemNamespace ?? 'knative-serving';
  const services = factory.informerFor<ServiceObject>(SERVICE);
  const endpoints = factory.informerFor<EndpointsObject>(ENDPOINTS);
  const built = reconcilerController<ServerlessServiceObject>({
    name: 'serverlessservice',
    gvk: SERVERLESS_SERVICE,
    factory,
    logger: deps.logger,
    registry: deps.registry,
    workers: deps.workers,
    reconciler: serverlessServiceReconciler({ services, endpoints, systemNamespace }),
  });
  const { controller, informer } = built;
  services.addHandler(enqueueControllerOf(controller, SERVERLESS_SERVICE));
  const ownerHandler = enqueueControllerOf<EndpointsObject>(controller, SERVERLESS_SERVICE);
  const onEndpoints = (eps: EndpointsObject) => {
    const { name, namespace } = eps.metadata;
    if (namespace === systemNamespace && name === ACTIVATOR_SERVICE_NAME) {
      for (const key of informer.keys()) controller.enqueueKey(key);
    } else if (name?.endsWith(PRIVATE_SUFFIX)) {
      const sks = `${namespace}/${name.slice(0, -PRIVATE_SUFFIX.length)}`;
      if (informer.get(sks)) controller.enqueueKey(sks);
    }
  };
  endpoints.addHandler({
    onAdd: (eps) => {
      ownerHandler.onAdd?.(eps);
      onEndpoints(eps);
    },
    onUpdate: (old, eps) => {
      ownerHandler.onUpdate?.(old, eps);
      if (!isResync(old, eps)) onEndpoints(eps);
    },
    onDelete: (eps) => {
      ownerHandler.onDelete?.(eps);
      onEndpoints(eps);
    },
  });
  return { ...built, services, endpoints };
}
