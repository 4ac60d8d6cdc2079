import { createLogger } from '@kuack/observability';
import { startWorkloadControllers, type WorkloadControllers } from '@kuack/workloads';

/**
 * What kube-controller-manager and kube-scheduler do for workloads (libs/workloads), run in this process
 * against the cluster it serves: Deployments → ReplicaSets → Pods, scheduling, Endpoints/EndpointSlices.
 */
export function startWorkloads(kubeconfigPath: string): Promise<WorkloadControllers> {
  return startWorkloadControllers({ kubeconfigPath, logger: createLogger({ name: 'workload-controllers' }) });
}
