import { ServingLabels } from '@kuack/api';
import {
  type EndpointSubset,
  type EndpointsObject,
  SERVICE,
  type ServerlessServiceObject,
  type ServiceObject,
} from '../types';
import { privateServiceName } from './names';

export const SKS_LABEL = 'networking.internal.knative.dev/serverlessservice';
export const SERVICE_TYPE_LABEL = 'networking.internal.knative.dev/serviceType';
export const QUEUE_HTTP_PORT = 8012;
export const QUEUE_ADMIN_PORT = 8022;
export const QUEUE_METRICS_PORT = 9090;
export const HTTP_PORT_NAME = 'http';

function meta(sks: ServerlessServiceObject, name: string, type: 'Public' | 'Private') {
  return {
    name,
    namespace: sks.metadata.namespace,
    labels: { ...(sks.metadata.labels ?? {}), [SKS_LABEL]: sks.metadata.name!, [SERVICE_TYPE_LABEL]: type },
    annotations: { ...(sks.metadata.annotations ?? {}) },
  };
}

/** The revision's public Service: the SKS name, port 80 `http` → 8012, no selector (the SKS writes its Endpoints). */
export function makePublicService(sks: ServerlessServiceObject): ServiceObject {
  return {
    apiVersion: SERVICE.apiVersion,
    kind: SERVICE.kind,
    metadata: meta(sks, sks.metadata.name!, 'Public'),
    spec: { ports: [{ name: HTTP_PORT_NAME, protocol: 'TCP', port: 80, targetPort: QUEUE_HTTP_PORT }] },
  };
}

/** The revision's private Service `<sks>-private`: selects the revision's pods; http, metrics and admin ports. */
export function makePrivateService(sks: ServerlessServiceObject): ServiceObject {
  const revision = sks.metadata.labels?.[ServingLabels.revision] ?? sks.metadata.name!;
  return {
    apiVersion: SERVICE.apiVersion,
    kind: SERVICE.kind,
    metadata: meta(sks, privateServiceName(sks.metadata.name!), 'Private'),
    spec: {
      ports: [
        { name: HTTP_PORT_NAME, protocol: 'TCP', port: 80, targetPort: QUEUE_HTTP_PORT },
        {
          name: 'http-autometric',
          protocol: 'TCP',
          port: QUEUE_METRICS_PORT,
          targetPort: QUEUE_METRICS_PORT,
        },
        { name: 'http-queueadm', protocol: 'TCP', port: QUEUE_ADMIN_PORT, targetPort: QUEUE_ADMIN_PORT },
      ],
      selector: { [ServingLabels.revision]: revision },
    },
  };
}

/** The public Endpoints (same name as the public Service) with the given subsets. */
export function makePublicEndpoints(
  sks: ServerlessServiceObject,
  subsets: EndpointSubset[],
): EndpointsObject {
  return {
    apiVersion: 'v1',
    kind: 'Endpoints',
    metadata: meta(sks, sks.metadata.name!, 'Public'),
    subsets,
  };
}
