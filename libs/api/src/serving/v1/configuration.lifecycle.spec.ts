import type { Condition } from '../../core/conditions';
import { configurationStatus, isLatestReadyRevisionNameUpToDate } from './configuration.lifecycle';
import type { ConfigurationStatus } from './configuration.types';

const cond = (s: { conditions?: Condition[] }, t: string) => s.conditions?.find((c) => c.type === t);
const clock = () => new Date(Date.UTC(2026, 0, 1));

describe('Configuration lifecycle', () => {
  it('Ready follows the latest created revision becoming the latest ready one', () => {
    const status: ConfigurationStatus = {};
    const c = configurationStatus(status, clock);
    c.initializeConditions();
    c.setLatestCreatedRevisionName('hello-00002');
    c.setLatestReadyRevisionName('hello-00001');
    expect(cond(status, 'Ready')!.status).toBe('Unknown');
    c.setLatestReadyRevisionName('hello-00002');
    expect(cond(status, 'Ready')!.status).toBe('True');
    expect(isLatestReadyRevisionNameUpToDate({ metadata: {}, status })).toBe(true);
    c.markLatestCreatedFailed('hello-00003', 'image not found');
    expect(cond(status, 'Ready')).toMatchObject({
      status: 'False',
      reason: 'RevisionFailed',
      message: 'Revision "hello-00003" failed with message: image not found.',
    });
    c.markLatestReadyDeleted();
    expect(cond(status, 'Ready')).toMatchObject({
      reason: 'RevisionDeleted',
      message: 'Revision "hello-00002" was deleted.',
    });
  });
});
