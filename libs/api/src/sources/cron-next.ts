// When a PingSource fires next: robfig/cron's SpecSchedule.Next over the schedule's wall clock (its time zone,
// UTC when it has none), field by field, up to five years ahead.
import type { CronSchedule } from './cron';

const YEAR_LIMIT = 5;

/** Wall-clock fields of `instant` in `zone`, as a Date whose UTC fields are those wall-clock fields. */
function wallClock(instant: Date, zone: string): Date {
  if (zone === 'UTC') return new Date(instant.getTime());
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: zone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  }).formatToParts(instant);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return new Date(
    Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second')),
  );
}

/** The instant whose wall clock in `zone` reads `wall` (a gap in the clock moves forward by the gap). */
function instantOf(wall: Date, zone: string): Date {
  if (zone === 'UTC') return new Date(wall.getTime());
  const offsetAt = (instant: Date) => wallClock(instant, zone).getTime() - instant.getTime();
  const guess = new Date(wall.getTime() - offsetAt(wall));
  return new Date(wall.getTime() - offsetAt(guess));
}

function dayMatches(s: CronSchedule, t: Date): boolean {
  const dom = s.daysOfMonth.has(t.getUTCDate());
  const dow = s.daysOfWeek.has(t.getUTCDay());
  return s.domStar || s.dowStar ? dom && dow : dom || dow;
}

function zoneOf(s: CronSchedule): string {
  if (!s.timeZone || s.timeZone === 'UTC') return 'UTC';
  if (s.timeZone === 'Local') return Intl.DateTimeFormat().resolvedOptions().timeZone;
  return s.timeZone;
}

/** The first activation strictly after `after`, or undefined when none falls within five years. */
export function nextCronTime(schedule: CronSchedule, after: Date): Date | undefined {
  const zone = zoneOf(schedule);
  // Start at the next whole second.
  let t = wallClock(new Date(Math.floor(after.getTime() / 1000) * 1000 + 1000), zone);
  const yearLimit = t.getUTCFullYear() + YEAR_LIMIT;
  let added = false;
  const set = (y: number, mo: number, d: number, h: number, mi: number, s: number) => {
    t = new Date(Date.UTC(y, mo, d, h, mi, s));
  };

  wrap: for (;;) {
    if (t.getUTCFullYear() > yearLimit) return undefined;
    while (!schedule.months.has(t.getUTCMonth() + 1)) {
      if (!added) {
        added = true;
        set(t.getUTCFullYear(), t.getUTCMonth(), 1, 0, 0, 0);
      }
      set(t.getUTCFullYear(), t.getUTCMonth() + 1, 1, 0, 0, 0);
      if (t.getUTCMonth() === 0) continue wrap;
    }
    while (!dayMatches(schedule, t)) {
      if (!added) {
        added = true;
        set(t.getUTCFullYear(), t.getUTCMonth(), t.getUTCDate(), 0, 0, 0);
      }
      set(t.getUTCFullYear(), t.getUTCMonth(), t.getUTCDate() + 1, 0, 0, 0);
      if (t.getUTCDate() === 1) continue wrap;
    }
    while (!schedule.hours.has(t.getUTCHours())) {
      if (!added) {
        added = true;
        set(t.getUTCFullYear(), t.getUTCMonth(), t.getUTCDate(), t.getUTCHours(), 0, 0);
      }
      t = new Date(t.getTime() + 3600_000);
      if (t.getUTCHours() === 0) continue wrap;
    }
    while (!schedule.minutes.has(t.getUTCMinutes())) {
      if (!added) {
        added = true;
        set(t.getUTCFullYear(), t.getUTCMonth(), t.getUTCDate(), t.getUTCHours(), t.getUTCMinutes(), 0);
      }
      t = new Date(t.getTime() + 60_000);
      if (t.getUTCMinutes() === 0) continue wrap;
    }
    while (!schedule.seconds.has(t.getUTCSeconds())) {
      added = true;
      t = new Date(t.getTime() + 1000);
      if (t.getUTCSeconds() === 0) continue wrap;
    }
    const instant = instantOf(t, zone);
    if (instant.getTime() > after.getTime()) return instant;
    // A repeated wall-clock hour (clocks going back): look past this one.
    t = new Date(t.getTime() + 1000);
    added = true;
  }
}
