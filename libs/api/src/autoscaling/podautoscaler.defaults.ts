import type { AdmissionContext } from '../core/registry';
import type { PodAutoscaler } from './podautoscaler.types';
import { AutoscalingAnnotations, HPA, KPA } from './register';

/** The metric a class uses when none is annotated. */
export function defaultMetric(cls: string): string {
  return cls === KPA ? 'concurrency' : cls === HPA ? 'cpu' : '';
}

/** PodAutoscaler defaults (pa_defaults.go): class from config-autoscaler, metric from the class. */
export function defaultPodAutoscaler(pa: PodAutoscaler, ctx: AdmissionContext): void {
  pa.metadata ??= {};
  const anns = (pa.metadata.annotations ??= {});
  const classKey = AutoscalingAnnotations.class[0];
  if (!(classKey in anns)) anns[classKey] = ctx.config.autoscaler.podAutoscalerClass;
  const metricKey = AutoscalingAnnotations.metric[0];
  if (!(metricKey in anns)) anns[metricKey] = defaultMetric(anns[classKey]!);
}
