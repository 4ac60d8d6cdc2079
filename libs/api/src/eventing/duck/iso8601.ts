// ISO-8601 durations as Knative's DeliverySpec reads them (github.com/rickb777/date/period): `PnYnMnWnDTnHnMnS`,
// an optional sign, fractions with `.` or `,`. Months and years are converted with average lengths.

export interface IsoDuration {
  /** Signed length in milliseconds. */
  readonly milliseconds: number;
  readonly negative: boolean;
  readonly zero: boolean;
}

const NUMBER = String.raw`(\d+(?:[.,]\d+)?)`;
const PATTERN = new RegExp(
  `^([-+])?P(?:${NUMBER}Y)?(?:${NUMBER}M)?(?:${NUMBER}W)?(?:${NUMBER}D)?(?:T(?:${NUMBER}H)?(?:${NUMBER}M)?(?:${NUMBER}S)?)?$`,
);

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const UNIT_MS = [365.2425 * DAY, (365.2425 / 12) * DAY, 7 * DAY, DAY, HOUR, MINUTE, SECOND];

/** Parses an ISO-8601 duration; undefined when the text is not one. */
export function parseIsoDuration(text: string): IsoDuration | undefined {
  const m = PATTERN.exec(text);
  if (!m) return undefined;
  const parts = m.slice(2);
  // `P` alone and `...T` with nothing after the T are not durations.
  if (parts.every((p) => p === undefined) || text.endsWith('T')) return undefined;
  let ms = 0;
  parts.forEach((p, i) => {
    if (p !== undefined) ms += Number(p.replace(',', '.')) * UNIT_MS[i]!;
  });
  const negative = m[1] === '-' && ms !== 0;
  return { milliseconds: Math.round(negative ? -ms : ms), negative, zero: ms === 0 };
}
