import { defaultSourceSpec } from '../eventing/duck/source';
import { DEFAULT_PING_SCHEDULE, type PingSource } from './ping-source.types';

/** PingSource.SetDefaults: the schedule defaults to every minute (Knative sets nothing else). */
export function defaultPingSource(source: PingSource): void {
  source.spec ??= {};
  if (!source.spec.schedule) source.spec.schedule = DEFAULT_PING_SCHEDULE;
  defaultSourceSpec(source.spec, source.metadata?.namespace);
}
