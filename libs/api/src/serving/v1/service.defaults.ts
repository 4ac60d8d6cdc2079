// Service defaults (service_defaults.go): the template as a Configuration's, traffic as a Route's inside a Service.
import type { AdmissionContext } from '../../core/registry';
import { setUserInfo } from '../metadata-validation';
import { defaultConfigurationSpec } from './configuration.defaults';
import { defaultRouteSpec } from './route.defaults';
import type { Service } from './service.types';

export function defaultService(s: Service, ctx: AdmissionContext): void {
  s.spec ??= {};
  const prev = ctx.old as Service | undefined;
  defaultConfigurationSpec(s.spec, ctx, prev?.spec, s.metadata?.name);
  defaultRouteSpec(s.spec, true);
  setUserInfo(ctx, prev?.spec, s.spec, (s.metadata ??= {}));
}
