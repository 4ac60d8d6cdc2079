import { type ConfigParser, ConfigReader, parseGoDuration } from './parse';

/** config-gc (serving pkg/gc/config.go); `DISABLED` (-1) switches a bound off. */
export interface GcConfig {
  retainSinceCreateTimeMs: number;
  retainSinceLastActiveTimeMs: number;
  minNonActiveRevisions: number;
  maxNonActiveRevisions: number;
}

export const GC_DISABLED = -1;

export function defaultGc(): GcConfig {
  return {
    retainSinceCreateTimeMs: 48 * 3_600_000,
    retainSinceLastActiveTimeMs: 15 * 3_600_000,
    minNonActiveRevisions: 20,
    maxNonActiveRevisions: 1000,
  };
}

export const gcConfig: ConfigParser<GcConfig> = {
  name: 'config-gc',
  defaults: defaultGc,
  parse(data) {
    const r = new ConfigReader('config-gc', data);
    const c = defaultGc();
    const disabledOrDuration = (key: string, fallback: number): number => {
      const v = r.string(key, '').trim();
      if (v === '') return fallback;
      if (v.toLowerCase() === 'disabled') return GC_DISABLED;
      const ms = parseGoDuration(v);
      if (ms === undefined) return r.fail(key, `"${v}" is neither "disabled" nor a duration`);
      if (ms < 0) return r.fail(key, 'must be non-negative');
      return ms;
    };
    c.retainSinceCreateTimeMs = disabledOrDuration('retain-since-create-time', c.retainSinceCreateTimeMs);
    c.retainSinceLastActiveTimeMs = disabledOrDuration(
      'retain-since-last-active-time',
      c.retainSinceLastActiveTimeMs,
    );
    c.minNonActiveRevisions = r.int('min-non-active-revisions', c.minNonActiveRevisions);
    const max = r.string('max-non-active-revisions', '').trim();
    if (max.toLowerCase() === 'disabled') c.maxNonActiveRevisions = GC_DISABLED;
    else if (max !== '') {
      if (!/^\d+$/.test(max))
        r.fail('max-non-active-revisions', `"${max}" is neither "disabled" nor a non-negative integer`);
      c.maxNonActiveRevisions = Number(max);
    }
    if (c.minNonActiveRevisions < 0)
      r.fail('min-non-active-revisions', `must be non-negative, was ${c.minNonActiveRevisions}`);
    if (c.maxNonActiveRevisions >= 0 && c.minNonActiveRevisions > c.maxNonActiveRevisions) {
      r.fail(
        'min-non-active-revisions',
        `(${c.minNonActiveRevisions}) must be <= max-non-active-revisions (${c.maxNonActiveRevisions})`,
      );
    }
    return c;
  },
};
