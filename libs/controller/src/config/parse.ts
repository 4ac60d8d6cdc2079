/** A ConfigMap value Kuack refuses; names the ConfigMap and the key. */
export class ConfigError extends Error {
  constructor(
    readonly configMap: string,
    readonly key: string | undefined,
    detail: string,
  ) {
    super(`ConfigMap ${configMap}${key ? `, key "${key}"` : ''}: ${detail}`);
    this.name = 'ConfigError';
  }
}

/** Parses one ConfigMap's data into a typed config with Knative's defaults and validation. */
export interface ConfigParser<T> {
  /** The ConfigMap name, e.g. `config-autoscaler`. */
  name: string;
  defaults(): T;
  /** Throws ConfigError on a bad value. */
  parse(data: Record<string, string>): T;
}

/** Reads typed values from one ConfigMap's data, raising ConfigError that names the key. */
export class ConfigReader {
  constructor(
    readonly configMap: string,
    readonly data: Record<string, string>,
  ) {}

  has(key: string): boolean {
    return Object.prototype.hasOwnProperty.call(this.data, key);
  }

  fail(key: string | undefined, detail: string): never {
    throw new ConfigError(this.configMap, key, detail);
  }

  string(key: string, fallback: string): string {
    return this.has(key) ? this.data[key] : fallback;
  }

  bool(key: string, fallback: boolean): boolean {
    if (!this.has(key)) return fallback;
    const v = this.data[key].trim().toLowerCase();
    if (['true', '1', 't'].includes(v)) return true;
    if (['false', '0', 'f'].includes(v)) return false;
    return this.fail(key, `"${this.data[key]}" is not a boolean`);
  }

  float(key: string, fallback: number): number {
    if (!this.has(key)) return fallback;
    const raw = this.data[key].trim();
    const v = Number(raw);
    if (raw === '' || !Number.isFinite(v)) return this.fail(key, `"${this.data[key]}" is not a number`);
    return v;
  }

  int(key: string, fallback: number): number {
    if (!this.has(key)) return fallback;
    const raw = this.data[key].trim();
    if (!/^[+-]?\d+$/.test(raw)) return this.fail(key, `"${this.data[key]}" is not an integer`);
    return Number(raw);
  }

  /** A Go duration (`60s`, `1h30m`, `500ms`), in milliseconds. */
  durationMs(key: string, fallbackMs: number): number {
    if (!this.has(key)) return fallbackMs;
    const ms = parseGoDuration(this.data[key]);
    if (ms === undefined)
      return this.fail(key, `"${this.data[key]}" is not a duration (e.g. 30s, 1m30s, 500ms)`);
    return ms;
  }
}

const UNIT_MS: Record<string, number> = {
  ns: 1e-6,
  us: 1e-3,
  µs: 1e-3,
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
};

/** Go's time.ParseDuration, in milliseconds; undefined when malformed. */
export function parseGoDuration(input: string): number | undefined {
  let s = input.trim();
  if (s === '0') return 0;
  let sign = 1;
  if (s.startsWith('-') || s.startsWith('+')) {
    sign = s.startsWith('-') ? -1 : 1;
    s = s.slice(1);
  }
  if (!s) return undefined;
  const re = /(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|ms|s|m|h)/y;
  let total = 0;
  let pos = 0;
  while (pos < s.length) {
    re.lastIndex = pos;
    const m = re.exec(s);
    if (!m) return undefined;
    total += Number(m[1]) * UNIT_MS[m[2]];
    pos = re.lastIndex;
  }
  return sign * total;
}

export interface TemplateCheck {
  /** Fields `{{.X}}` may name. */
  fields: string[];
  /** Allow `{{index .Annotations "k"}}` / `{{index .Labels "k"}}`. */
  maps?: string[];
}

/**
 * Renders the subset of Go templates Knative's config templates use: `{{.Field}}` and
 * `{{index .Map "key"}}`. Anything else is an error, so a bad template is refused when the ConfigMap is read.
 */
export function renderTemplate(
  template: string,
  values: Record<string, unknown>,
  check?: TemplateCheck,
): string {
  return template.replace(/\{\{\s*(.*?)\s*\}\}/g, (_, expr: string) => {
    const field = /^\.(\w+)$/.exec(expr);
    if (field) {
      if (check && !check.fields.includes(field[1]))
        throw new Error(`template field .${field[1]} is not available`);
      return String(values[field[1]] ?? '');
    }
    const index = /^index\s+\.(\w+)\s+"([^"]*)"$/.exec(expr);
    if (index) {
      if (check && !(check.maps ?? []).includes(index[1]))
        throw new Error(`template map .${index[1]} is not available`);
      const map = (values[index[1]] ?? {}) as Record<string, string>;
      return map[index[2]] ?? '';
    }
    throw new Error(`unsupported template expression {{${expr}}}`);
  });
}

/** Quantity strings as Kubernetes writes them (`25m`, `400Mi`, `1`, `1.5G`). */
export function isQuantity(v: string): boolean {
  return /^[+-]?(\d+(\.\d*)?|\.\d+)(m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei|[eE][+-]?\d+)?$/.test(v.trim());
}
