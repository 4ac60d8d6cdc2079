import { ControllerManager, InformerFactory, connect } from '@kuack/controller';
import type { Logger } from 'pino';
import { kubeconfigBinder } from './binder';
import { deploymentController } from './deployment-controller';
import { endpointsController } from './endpoints-controller';
import { podGcController } from './pod-gc';
import { replicaSetController } from './replicaset-controller';
import { schedulerController } from './scheduler';

export interface WorkloadControllers {
  manager: ControllerManager;
  stop(): Promise<void>;
}

/**
 * Starts what kube-controller-manager and kube-scheduler do for workloads, against the API server of a
 * kubeconfig (the embedded cluster's): deployment, replicaset, scheduler, endpoints + endpointslices, and
 * the pod GC of pods whose Node is gone.
 * No leader election: one embedded cluster process runs them once.
 */
export async function startWorkloadControllers(options: {
  kubeconfigPath: string;
  logger: Logger;
  podGcQuarantineMs?: number;
}): Promise<WorkloadControllers> {
  const client = connect({ kubeconfigPath: options.kubeconfigPath, userAgent: 'kuack-workload-controllers' });
  const factory = new InformerFactory(client, { logger: options.logger });
  const controllers = [
    deploymentController(factory, options.logger).controller,
    replicaSetController(factory, options.logger).controller,
    schedulerController(factory, options.logger, kubeconfigBinder(options.kubeconfigPath)).controller,
    endpointsController(factory, options.logger).controller,
    podGcController(factory, options.logger, { quarantineMs: options.podGcQuarantineMs }).controller,
  ];
  const manager = new ControllerManager({ factory, controllers, logger: options.logger });
  await manager.start();
  return { manager, stop: () => manager.stop() };
}
