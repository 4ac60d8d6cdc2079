// Field errors in the shape of knative.dev/pkg/apis FieldError: every validator returns ALL its errors at
// once, relative to the value it was handed, and the caller nests them with viaField/viaIndex/viaKey.

export type DiagnosticLevel = 'Error' | 'Warning';

/** One problem at one JSON path, e.g. `spec.traffic[1].percent: expected 0 <= 101 <= 100`. */
export interface FieldError {
  path: string;
  message: string;
  details?: string;
  level: DiagnosticLevel;
}

interface Entry {
  message: string;
  details: string | undefined;
  level: DiagnosticLevel;
  /** Paths relative to the current value; segments joined later ("" is the current field). */
  paths: string[];
}

/**
 * An immutable collection of field errors. `FieldErrors.none` is the empty value; `also` merges,
 * `viaField('spec')` prefixes every path. `list()` flattens to one FieldError per path.
 */
export class FieldErrors {
  static readonly none = new FieldErrors([]);

  private constructor(private readonly entries: readonly Entry[]) {}

  static of(
    message: string,
    paths: string[],
    details?: string,
    level: DiagnosticLevel = 'Error',
  ): FieldErrors {
    return new FieldErrors([
      { message, details: details || undefined, level, paths: paths.length ? paths : [''] },
    ]);
  }

  /** Merges any number of collections (undefined/null are skipped, like a nil *FieldError). */
  also(...others: Array<FieldErrors | undefined | null>): FieldErrors {
    const extra = others.flatMap((o) => (o ? o.entries : []));
    return extra.length ? new FieldErrors([...this.entries, ...extra]) : this;
  }

  /** Prefixes paths with fields, outermost last: `viaField('b','a')` turns `x` into `a.b.x`. */
  viaField(...prefix: string[]): FieldErrors {
    if (this.isEmpty()) return this;
    return prefix.reduce<FieldErrors>((acc, p) => acc.mapPaths((path) => joinPath(p, path)), this);
  }

  viaIndex(index: number): FieldErrors {
    return this.viaField(`[${index}]`);
  }

  viaKey(key: string): FieldErrors {
    return this.viaField(`[${key}]`);
  }

  viaFieldIndex(field: string, index: number): FieldErrors {
    return this.viaIndex(index).viaField(field);
  }

  viaFieldKey(field: string, key: string): FieldErrors {
    return this.viaKey(key).viaField(field);
  }

  /** Re-levels every error (e.g. a deprecation as a Warning). */
  at(level: DiagnosticLevel): FieldErrors {
    return new FieldErrors(this.entries.map((e) => ({ ...e, level })));
  }

  /** Only the errors of one level. */
  filter(level: DiagnosticLevel): FieldErrors {
    return new FieldErrors(this.entries.filter((e) => e.level === level));
  }

  isEmpty(): boolean {
    return this.entries.length === 0;
  }

  get size(): number {
    return this.list().length;
  }

  /** One FieldError per (error, path), in the order they were found, duplicates removed. */
  list(): FieldError[] {
    const seen = new Set<string>();
    const out: FieldError[] = [];
    for (const e of this.entries) {
      for (const p of e.paths) {
        const fe: FieldError = { path: p, message: e.message, level: e.level };
        if (e.details) fe.details = e.details;
        const key = `${fe.level}\u0000${fe.path}\u0000${fe.message}\u0000${fe.details ?? ''}`;
        if (seen.has(key)) continue;
        seen.add(key);
        out.push(fe);
      }
    }
    return out;
  }

  /** Knative's text form: `message: path1, path2` per distinct message, sorted. */
  toString(): string {
    const byKey = new Map<string, { message: string; details?: string; paths: string[] }>();
    for (const fe of this.list()) {
      const key = `${fe.level}-${fe.message}-${fe.details ?? ''}`;
      const m = byKey.get(key) ?? { message: fe.message, details: fe.details, paths: [] };
      if (!m.paths.includes(fe.path)) m.paths.push(fe.path);
      byKey.set(key, m);
    }
    return [...byKey.values()]
      .sort((a, b) =>
        a.message === b.message
          ? (a.details ?? '').localeCompare(b.details ?? '')
          : a.message < b.message
            ? -1
            : 1,
      )
      .map((m) => `${m.message}: ${m.paths.sort().join(', ')}${m.details ? `\n${m.details}` : ''}`)
      .join('\n');
  }

  private mapPaths(fn: (p: string) => string): FieldErrors {
    return new FieldErrors(this.entries.map((e) => ({ ...e, paths: e.paths.map(fn) })));
  }
}

/** Joins a prefix segment to a relative path: `spec` + `traffic[1]` → `spec.traffic[1]`, `traffic` + `[1].x`. */
export function joinPath(prefix: string, path: string): string {
  if (!prefix) return path;
  if (!path) return prefix;
  return path.startsWith('[') ? `${prefix}${path}` : `${prefix}.${path}`;
}

/** Formats a value as Go's fmt.Sprint would for the scalar types manifests contain. */
export function formatValue(value: unknown): string {
  if (value === undefined || value === null) return '<nil>';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint')
    return String(value);
  if (Array.isArray(value)) return `[${value.map(formatValue).join(' ')}]`;
  return JSON.stringify(value);
}

export function errMissingField(...paths: string[]): FieldErrors {
  return FieldErrors.of('missing field(s)', paths);
}

export function errDisallowedFields(...paths: string[]): FieldErrors {
  return FieldErrors.of('must not set the field(s)', paths);
}

export function errDisallowedUpdateDeprecatedFields(...paths: string[]): FieldErrors {
  return FieldErrors.of('must not update deprecated field(s)', paths);
}

export function errInvalidValue(value: unknown, path: string, ...details: string[]): FieldErrors {
  return FieldErrors.of(`invalid value: ${formatValue(value)}`, [path], details.join(', '));
}

export function errInvalidArrayValue(value: unknown, field: string, index: number): FieldErrors {
  return errInvalidValue(value, '').viaFieldIndex(field, index);
}

export function errGeneric(message: string, ...paths: string[]): FieldErrors {
  return FieldErrors.of(message, paths);
}

export function errMissingOneOf(...paths: string[]): FieldErrors {
  return FieldErrors.of('expected exactly one, got neither', paths);
}

export function errMultipleOneOf(...paths: string[]): FieldErrors {
  return FieldErrors.of('expected exactly one, got both', paths);
}

export function errInvalidKeyName(key: string, path: string, ...details: string[]): FieldErrors {
  return FieldErrors.of(`invalid key name ${JSON.stringify(key)}`, [path], details.join(', '));
}

export function errOutOfBoundsValue(
  value: unknown,
  lower: unknown,
  upper: unknown,
  path: string,
): FieldErrors {
  return FieldErrors.of(`expected ${formatValue(lower)} <= ${formatValue(value)} <= ${formatValue(upper)}`, [
    path,
  ]);
}

/** A field that must not change on update (Knative: "Immutable fields changed (-old +new)"). */
export function errImmutableFields(details: string, ...paths: string[]): FieldErrors {
  return FieldErrors.of('Immutable fields changed (-old +new)', paths, details);
}

/**
 * Disallowed-field check against a whitelist (Knative's field masks): every key of `value` not in
 * `allowed` is reported, sorted like Knative does.
 */
export function checkDisallowedFields(
  value: Record<string, unknown> | undefined,
  allowed: readonly string[],
): FieldErrors {
  if (!value) return FieldErrors.none;
  const bad = Object.keys(value)
    .filter((k) => !allowed.includes(k) && value[k] !== undefined)
    .sort();
  return bad.length ? errDisallowedFields(...bad) : FieldErrors.none;
}
