import { watchParent } from './parent-watch';

describe('watchParent', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('calls back once when the parent pid changes', () => {
    let ppid = 4242;
    const onOrphaned = jest.fn();
    watchParent(onOrphaned, { always: true, intervalMs: 100, parentPid: () => ppid });
    jest.advanceTimersByTime(1_000);
    expect(onOrphaned).not.toHaveBeenCalled();
    ppid = 1;
    jest.advanceTimersByTime(100);
    jest.advanceTimersByTime(1_000);
    expect(onOrphaned).toHaveBeenCalledTimes(1);
  });

  it('is inactive outside a supervisor and can be stopped', () => {
    const saved = process.env['KUACK_SUPERVISED'];
    let ppid = 10;
    const onOrphaned = jest.fn();
    try {
      delete process.env['KUACK_SUPERVISED'];
      watchParent(onOrphaned, { intervalMs: 10, parentPid: () => ppid });
      process.env['KUACK_SUPERVISED'] = '1';
      const stop = watchParent(onOrphaned, { intervalMs: 10, parentPid: () => ppid });
      stop();
      ppid = 1;
      jest.advanceTimersByTime(100);
      expect(onOrphaned).not.toHaveBeenCalled();
    } finally {
      if (saved === undefined) delete process.env['KUACK_SUPERVISED'];
      else process.env['KUACK_SUPERVISED'] = saved;
    }
  });
});
