import { type CronSchedule, parseCron } from './cron';
import { nextCronTime } from './cron-next';

function schedule(text: string): CronSchedule {
  const r = parseCron(text);
  if (!r.ok) throw new Error(r.error);
  return r.schedule;
}

const next = (text: string, after: string) => nextCronTime(schedule(text), new Date(after))?.toISOString();

describe('nextCronTime', () => {
  it.each([
    ['* * * * *', '2026-03-10T10:00:00Z', '2026-03-10T10:01:00.000Z'],
    ['* * * * *', '2026-03-10T10:00:30.500Z', '2026-03-10T10:01:00.000Z'],
    ['*/15 * * * *', '2026-03-10T10:07:00Z', '2026-03-10T10:15:00.000Z'],
    ['0 9 * * *', '2026-03-10T09:00:00Z', '2026-03-11T09:00:00.000Z'],
    ['0 9 * * mon-fri', '2026-03-13T10:00:00Z', '2026-03-16T09:00:00.000Z'],
    ['30 2 1 * *', '2026-12-15T00:00:00Z', '2027-01-01T02:30:00.000Z'],
    ['0 0 29 2 *', '2026-03-01T00:00:00Z', '2028-02-29T00:00:00.000Z'],
    ['10 * * * * *', '2026-03-10T10:00:10Z', '2026-03-10T10:01:10.000Z'],
    ['@hourly', '2026-03-10T10:59:59Z', '2026-03-10T11:00:00.000Z'],
    ['@yearly', '2026-06-01T00:00:00Z', '2027-01-01T00:00:00.000Z'],
    // Day-of-month and day-of-week, both restricted: either matches.
    ['0 0 13 * fri', '2026-03-01T00:00:00Z', '2026-03-06T00:00:00.000Z'],
  ])('%s after %s → %s', (text, after, expected) => {
    expect(next(text, after)).toBe(expected);
  });

  it('follows the time zone, across daylight saving time', () => {
    // 09:00 in Paris is 08:00Z in winter and 07:00Z in summer (DST starts 2026-03-29).
    expect(next('CRON_TZ=Europe/Paris 0 9 * * *', '2026-03-27T12:00:00Z')).toBe('2026-03-28T08:00:00.000Z');
    expect(next('CRON_TZ=Europe/Paris 0 9 * * *', '2026-03-28T12:00:00Z')).toBe('2026-03-29T07:00:00.000Z');
    expect(next('CRON_TZ=America/New_York 30 23 * * *', '2026-07-01T00:00:00Z')).toBe(
      '2026-07-01T03:30:00.000Z',
    );
  });

  it('never returns for an impossible date', () => {
    expect(next('0 0 30 2 *', '2026-01-01T00:00:00Z')).toBeUndefined();
  });
});
