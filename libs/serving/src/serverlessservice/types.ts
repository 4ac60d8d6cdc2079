import type { Gvk, KubeObject } from '@kuack/controller';
import type { EndpointsObject } from '../podautoscaler/types';

export {
  SERVERLESS_SERVICE,
  ENDPOINTS,
  type ServerlessServiceObject,
  type EndpointsObject,
  type EndpointAddress,
} from '../podautoscaler/types';

export const SERVICE: Gvk = { apiVersion: 'v1', kind: 'Service' };

export interface ServicePort {
  name: string;
  protocol?: string;
  port: number;
  targetPort?: number | string;
  appProtocol?: string;
}

export interface ServiceObject extends KubeObject {
  spec?: { ports?: ServicePort[]; selector?: Record<string, string>; clusterIP?: string; type?: string };
}

export type EndpointSubset = NonNullable<EndpointsObject['subsets']>[number];
