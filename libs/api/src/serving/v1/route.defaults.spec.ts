import { defaultRouteSpec, defaultTrafficTarget } from './route.defaults';
import type { TrafficTarget } from './route.types';

describe('Route defaults', () => {
  it.each<[string, TrafficTarget, TrafficTarget]>([
    [
      'revision target is pinned',
      { revisionName: 'a', percent: 10 },
      { revisionName: 'a', percent: 10, latestRevision: false },
    ],
    [
      'configuration target follows latest',
      { configurationName: 'c' },
      { configurationName: 'c', percent: 0, latestRevision: true },
    ],
    [
      'explicit values kept',
      { revisionName: 'a', latestRevision: true, percent: 5 },
      { revisionName: 'a', latestRevision: true, percent: 5 },
    ],
  ])('%s', (_n, input, want) => {
    const t = { ...input };
    defaultTrafficTarget(t);
    expect(t).toEqual(want);
  });

  it('adds 100% latest only inside a Service', () => {
    const standalone = {};
    defaultRouteSpec(standalone, false);
    expect(standalone).toEqual({});
    const inService = {};
    defaultRouteSpec(inService, true);
    expect(inService).toEqual({ traffic: [{ percent: 100, latestRevision: true }] });
  });
});
