import { isValidTimeZone, parseCron } from './cron';

const sorted = (s: ReadonlySet<number>) => [...s].sort((a, b) => a - b);

describe('parseCron', () => {
  it('parses the five standard fields with seconds at 0', () => {
    const r = parseCron('*/15 9-17 * * mon-fri');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(sorted(r.schedule.seconds)).toEqual([0]);
    expect(sorted(r.schedule.minutes)).toEqual([0, 15, 30, 45]);
    expect(sorted(r.schedule.hours)).toEqual([9, 10, 11, 12, 13, 14, 15, 16, 17]);
    expect(sorted(r.schedule.daysOfWeek)).toEqual([1, 2, 3, 4, 5]);
    expect(r.schedule.domStar).toBe(true);
    expect(r.schedule.dowStar).toBe(false);
  });

  it.each([
    ['* * * * *'],
    ['0 0 1 1 *'],
    ['30 */2 * * *'],
    ['0 12 * JAN,Jul sun'],
    ['5,10,20-25 * ? * *'],
    ['10 * * * * *'],
    ['@hourly'],
    ['@daily'],
    ['@midnight'],
    ['@weekly'],
    ['@monthly'],
    ['@yearly'],
    ['@annually'],
    ['@every 1h30m'],
    ['CRON_TZ=Europe/Paris 0 9 * * *'],
    ['TZ=America/New_York @daily'],
    ['CRON_TZ=UTC */5 * * * *'],
    ['3/20 * * * *'],
  ])('accepts %j', (text) => {
    expect(parseCron(text)).toMatchObject({ ok: true });
  });

  it('N/step runs from N to the maximum', () => {
    const r = parseCron('50/5 * * * *');
    expect(r.ok && sorted(r.schedule.minutes)).toEqual([50, 55]);
  });

  it('keeps the time zone', () => {
    const r = parseCron('CRON_TZ=Asia/Tokyo 0 9 * * *');
    expect(r.ok && r.schedule.timeZone).toBe('Asia/Tokyo');
  });

  it.each([
    ['', 'empty spec string'],
    ['* * * *', 'expected 5 to 6 fields, found 4: [* * * *]'],
    ['* * * * * * *', 'expected 5 to 6 fields, found 7: [* * * * * * *]'],
    ['60 * * * *', 'end of range (60) above maximum (59): 60'],
    ['* 24 * * *', 'end of range (24) above maximum (23): 24'],
    ['* * 0 * *', 'beginning of range (0) below minimum (1): 0'],
    ['* * * 13 *', 'end of range (13) above maximum (12): 13'],
    ['* * * * 7', 'end of range (7) above maximum (6): 7'],
    ['10-5 * * * *', 'beginning of range (10) beyond end of range (5): 10-5'],
    ['*/0 * * * *', 'step of range should be a positive number: */0'],
    ['1-2-3 * * * *', 'too many hyphens: 1-2-3'],
    ['*/2/3 * * * *', 'too many slashes: */2/3'],
    ['x * * * *', 'failed to parse int from x: strconv.Atoi: parsing "x": invalid syntax'],
    ['* * * foo *', 'failed to parse int from foo: strconv.Atoi: parsing "foo": invalid syntax'],
    ['@fortnightly', 'unrecognized descriptor: @fortnightly'],
  ])('refuses %j: %s', (text, error) => {
    expect(parseCron(text)).toEqual({ ok: false, error });
  });

  it('reports a bad time zone as a bad location', () => {
    expect(parseCron('CRON_TZ=Mars/Olympus 0 * * * *')).toEqual({
      ok: false,
      badLocation: true,
      error: 'provided bad location Mars/Olympus: unknown time zone Mars/Olympus',
    });
  });
});

describe('isValidTimeZone', () => {
  it.each([
    ['Europe/Berlin', true],
    ['UTC', true],
    ['Local', true],
    ['Nowhere/City', false],
  ])('%s → %s', (zone, ok) => {
    expect(isValidTimeZone(zone)).toBe(ok);
  });
});
