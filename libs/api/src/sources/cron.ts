// Cron schedules as PingSource reads them (robfig/cron v3 with optional seconds and descriptors): parse into
// the set of allowed values per field, with Go-worded errors. `CRON_TZ=Zone` / `TZ=Zone` prefixes select a
// time zone.

export interface CronSchedule {
  /** IANA zone, `UTC` or `Local`; undefined when the schedule has no prefix. */
  timeZone?: string;
  seconds: ReadonlySet<number>;
  minutes: ReadonlySet<number>;
  hours: ReadonlySet<number>;
  daysOfMonth: ReadonlySet<number>;
  months: ReadonlySet<number>;
  daysOfWeek: ReadonlySet<number>;
  /** `*` or `?` in the field: robfig's "star bit" (changes how day-of-month and day-of-week combine). */
  domStar: boolean;
  dowStar: boolean;
  /** `@every <duration>` (PingSource refuses it, but it parses). */
  every?: string;
}

export type CronParseResult =
  { ok: true; schedule: CronSchedule } | { ok: false; error: string; badLocation?: boolean };

interface Bounds {
  min: number;
  max: number;
  names?: Readonly<Record<string, number>>;
}

const MONTH_NAMES = {
  jan: 1,
  feb: 2,
  mar: 3,
  apr: 4,
  may: 5,
  jun: 6,
  jul: 7,
  aug: 8,
  sep: 9,
  oct: 10,
  nov: 11,
  dec: 12,
};
const DOW_NAMES = { sun: 0, mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6 };
const FIELDS: Bounds[] = [
  { min: 0, max: 59 },
  { min: 0, max: 59 },
  { min: 0, max: 23 },
  { min: 1, max: 31 },
  { min: 1, max: 12, names: MONTH_NAMES },
  { min: 0, max: 6, names: DOW_NAMES },
];

const DESCRIPTORS: Record<string, string> = {
  '@yearly': '0 0 0 1 1 *',
  '@annually': '0 0 0 1 1 *',
  '@monthly': '0 0 0 1 * *',
  '@weekly': '0 0 0 * * 0',
  '@daily': '0 0 0 * * *',
  '@midnight': '0 0 0 * * *',
  '@hourly': '0 0 * * * *',
};

class CronError extends Error {}

/** Go's fmt of a []string: `[a b c]`. */
const goSlice = (items: string[]) => `[${items.join(' ')}]`;

export function isValidTimeZone(zone: string): boolean {
  if (zone === '' || zone === 'UTC' || zone === 'Local') return true;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

export function parseCron(text: string): CronParseResult {
  let spec = text;
  let timeZone: string | undefined;
  if (spec.length === 0) return { ok: false, error: 'empty spec string' };
  if (spec.startsWith('TZ=') || spec.startsWith('CRON_TZ=')) {
    const space = spec.indexOf(' ');
    const zone = spec.slice(spec.indexOf('=') + 1, space < 0 ? undefined : space);
    if (!isValidTimeZone(zone))
      return {
        ok: false,
        badLocation: true,
        error: `provided bad location ${zone}: unknown time zone ${zone}`,
      };
    timeZone = zone;
    spec = space < 0 ? '' : spec.slice(space).trim();
  }
  try {
    if (spec.startsWith('@')) return { ok: true, schedule: descriptor(spec, timeZone) };
    return { ok: true, schedule: fields(spec, timeZone) };
  } catch (e) {
    if (e instanceof CronError) return { ok: false, error: e.message };
    throw e;
  }
}

function descriptor(spec: string, timeZone: string | undefined): CronSchedule {
  if (spec.startsWith('@every ')) {
    const every = spec.slice('@every '.length);
    if (!/^([0-9]*(\.[0-9]*)?(ns|us|µs|ms|s|m|h))+$/.test(every) || every === '') {
      throw new CronError(
        `failed to parse duration ${spec}: time: invalid duration ${JSON.stringify(every)}`,
      );
    }
    return { ...fields('* * * * * *', timeZone), every };
  }
  const expanded = DESCRIPTORS[spec];
  if (!expanded) throw new CronError(`unrecognized descriptor: ${spec}`);
  return fields(expanded, timeZone);
}

function fields(spec: string, timeZone: string | undefined): CronSchedule {
  let parts = spec.split(/\s+/).filter((p) => p !== '');
  if (parts.length < 5 || parts.length > 6) {
    throw new CronError(`expected 5 to 6 fields, found ${parts.length}: ${goSlice(parts)}`);
  }
  if (parts.length === 5) parts = ['0', ...parts];
  const sets = parts.map((p, i) => field(p, FIELDS[i]!));
  const schedule: CronSchedule = {
    seconds: sets[0]!.values,
    minutes: sets[1]!.values,
    hours: sets[2]!.values,
    daysOfMonth: sets[3]!.values,
    months: sets[4]!.values,
    daysOfWeek: sets[5]!.values,
    domStar: sets[3]!.star,
    dowStar: sets[5]!.star,
  };
  if (timeZone !== undefined) schedule.timeZone = timeZone;
  return schedule;
}

function field(text: string, bounds: Bounds): { values: Set<number>; star: boolean } {
  const values = new Set<number>();
  let star = false;
  for (const part of text.split(',')) {
    const r = range(part, bounds);
    star ||= r.star;
    for (let v = r.start; v <= r.end; v += r.step) values.add(v);
  }
  return { values, star };
}

function range(expr: string, bounds: Bounds): { start: number; end: number; step: number; star: boolean } {
  const rangeAndStep = expr.split('/');
  const lowAndHigh = rangeAndStep[0]!.split('-');
  const singleDigit = lowAndHigh.length === 1;
  let start: number;
  let end: number;
  let star = false;
  if (lowAndHigh[0] === '*' || lowAndHigh[0] === '?') {
    start = bounds.min;
    end = bounds.max;
    star = true;
  } else {
    start = intOrName(lowAndHigh[0]!, bounds.names);
    if (lowAndHigh.length === 1) end = start;
    else if (lowAndHigh.length === 2) end = intOrName(lowAndHigh[1]!, bounds.names);
    else throw new CronError(`too many hyphens: ${expr}`);
  }
  let step = 1;
  if (rangeAndStep.length === 2) {
    step = parseNumber(rangeAndStep[1]!);
    if (singleDigit) end = bounds.max;
    if (step > 1) star = false;
  } else if (rangeAndStep.length > 2) {
    throw new CronError(`too many slashes: ${expr}`);
  }
  if (start < bounds.min)
    throw new CronError(`beginning of range (${start}) below minimum (${bounds.min}): ${expr}`);
  if (end > bounds.max) throw new CronError(`end of range (${end}) above maximum (${bounds.max}): ${expr}`);
  if (start > end) throw new CronError(`beginning of range (${start}) beyond end of range (${end}): ${expr}`);
  if (step === 0) throw new CronError(`step of range should be a positive number: ${expr}`);
  return { start, end, step, star };
}

function intOrName(expr: string, names: Readonly<Record<string, number>> | undefined): number {
  const named = names?.[expr.toLowerCase()];
  return named ?? parseNumber(expr);
}

/** Go's strconv.Atoi (then refusing negatives), with its error text. */
function parseNumber(expr: string): number {
  if (!/^[+-]?[0-9]+$/.test(expr)) {
    throw new CronError(
      `failed to parse int from ${expr}: strconv.Atoi: parsing ${JSON.stringify(expr)}: invalid syntax`,
    );
  }
  const n = Number(expr);
  if (n < 0) throw new CronError(`negative number (${n}) not allowed: ${expr}`);
  return n;
}
