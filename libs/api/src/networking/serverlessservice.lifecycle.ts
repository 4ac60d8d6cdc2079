// SKS status helpers: Ready = EndpointsPopulated; ActivatorEndpointsPopulated is informational.
import { type Clock, ConditionSet, isReady } from '../core/condition-set';
import {
  type ServerlessService,
  type ServerlessServiceStatus,
  ActivatorEndpointsPopulated,
  ServerlessServiceConditionEndpointsPopulated as EP,
} from './serverlessservice.types';

export const serverlessServiceConditionSet = ConditionSet.living(EP);

export function serverlessServiceStatus(status: ServerlessServiceStatus, clock?: Clock) {
  const m = serverlessServiceConditionSet.manage(status, clock);
  return {
    manager: m,
    initializeConditions: () => m.initializeConditions(),
    markEndpointsReady: () => m.markTrue(EP),
    markEndpointsNotOwned: (kind: string, name: string) =>
      m.markFalse(EP, 'NotOwned', `Resource ${name} of type ${kind} is not owned by SKS`),
    markEndpointsNotReady: (reason: string) => m.markUnknown(EP, reason, 'K8s Service is not ready'),
    markActivatorEndpointsPopulated: () =>
      m.setCondition({
        type: ActivatorEndpointsPopulated,
        status: 'True',
        severity: 'Info',
        reason: 'ActivatorEndpointsPopulated',
        message: 'Revision is backed by Activator',
      }),
    markActivatorEndpointsRemoved: () =>
      m.setCondition({
        type: ActivatorEndpointsPopulated,
        status: 'False',
        severity: 'Info',
        reason: 'ActivatorEndpointsPopulated',
        message: 'Revision is backed by Activator',
      }),
  };
}

export function isServerlessServiceReady(s: ServerlessService): boolean {
  return isReady(s, serverlessServiceConditionSet);
}
