import { defaultSourceSpec } from '../eventing/duck/source';
import { API_SERVER_MODE, type ApiServerSource } from './api-server-source.types';

/** ApiServerSource.SetDefaults: mode Reference, service account `default`. */
export function defaultApiServerSource(source: ApiServerSource): void {
  source.spec ??= {};
  if (!source.spec.mode) source.spec.mode = API_SERVER_MODE.Reference;
  if (!source.spec.serviceAccountName) source.spec.serviceAccountName = 'default';
  defaultSourceSpec(source.spec, source.metadata?.namespace);
}
