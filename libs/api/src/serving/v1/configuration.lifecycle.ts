// Configuration status helpers (configuration_lifecycle.go): Ready alone, driven by the latest revisions.
import { type Clock, ConditionSet, isReady } from '../../core/condition-set';
import {
  type Configuration,
  type ConfigurationStatus,
  ConfigurationConditionReady,
} from './configuration.types';

export const configurationConditionSet = ConditionSet.living();

export function configurationStatus(status: ConfigurationStatus, clock?: Clock) {
  const m = configurationConditionSet.manage(status, clock);
  return {
    manager: m,
    initializeConditions: () => m.initializeConditions(),
    /** A new latest revision: Ready Unknown until it is also the latest ready one. */
    setLatestCreatedRevisionName: (name: string) => {
      status.latestCreatedRevisionName = name;
      if (status.latestReadyRevisionName !== name) m.markUnknown(ConfigurationConditionReady, '', '');
    },
    setLatestReadyRevisionName: (name: string) => {
      status.latestReadyRevisionName = name;
      if (status.latestReadyRevisionName === status.latestCreatedRevisionName)
        m.markTrue(ConfigurationConditionReady);
    },
    markLatestCreatedFailed: (name: string, message: string) =>
      m.markFalse(
        ConfigurationConditionReady,
        'RevisionFailed',
        `Revision ${JSON.stringify(name)} failed with message: ${message}.`,
      ),
    markRevisionCreationFailed: (message: string) =>
      m.markFalse(
        ConfigurationConditionReady,
        'RevisionFailed',
        `Revision creation failed with message: ${message}.`,
      ),
    markLatestReadyDeleted: () =>
      m.markFalse(
        ConfigurationConditionReady,
        'RevisionDeleted',
        `Revision ${JSON.stringify(status.latestReadyRevisionName ?? '')} was deleted.`,
      ),
  };
}

export function isConfigurationReady(c: Configuration): boolean {
  return isReady(c, configurationConditionSet);
}

export function isLatestReadyRevisionNameUpToDate(c: Configuration): boolean {
  return isConfigurationReady(c) && c.status?.latestCreatedRevisionName === c.status?.latestReadyRevisionName;
}
