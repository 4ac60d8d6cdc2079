import { createHash } from 'node:crypto';

// Kubernetes name and label rules (k8s.io/apimachinery/pkg/util/validation), with the same messages, because
// Knative's webhook and the API server both report them verbatim.

function regexError(msg: string, regex: string, ...examples: string[]): string {
  const eg = examples.map((e, i) => `${i > 0 ? ' or ' : ''}'${e}', `).join('');
  return `${msg} (e.g. ${eg}regex used for validation is '${regex}')`;
}
function maxLenError(n: number): string {
  return `must be no more than ${n} characters`;
}

const DNS1123_LABEL = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
const DNS1123_SUBDOMAIN = `${DNS1123_LABEL}(\\.${DNS1123_LABEL})*`;
const DNS1035_LABEL = '[a-z]([-a-z0-9]*[a-z0-9])?';
const QUALIFIED_NAME = '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]';
const LABEL_VALUE = `(${QUALIFIED_NAME})?`;
const full = (r: string) => new RegExp(`^${r}$`);

/** Problems with `value` as an RFC 1123 label (≤ 63). Empty array = valid. */
export function isDNS1123Label(value: string): string[] {
  const errs: string[] = [];
  if (value.length > 63) errs.push(maxLenError(63));
  if (!full(DNS1123_LABEL).test(value)) {
    errs.push(
      regexError(
        "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character",
        DNS1123_LABEL,
        'my-name',
        '123-abc',
      ),
    );
  }
  return errs;
}

/** Problems with `value` as an RFC 1123 subdomain (≤ 253). */
export function isDNS1123Subdomain(value: string): string[] {
  const errs: string[] = [];
  if (value.length > 253) errs.push(maxLenError(253));
  if (!full(DNS1123_SUBDOMAIN).test(value)) {
    errs.push(
      regexError(
        "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character",
        DNS1123_SUBDOMAIN,
        'example.com',
      ),
    );
  }
  return errs;
}

/** Problems with `value` as an RFC 1035 label (≤ 63, starts with a letter). */
export function isDNS1035Label(value: string): string[] {
  const errs: string[] = [];
  if (value.length > 63) errs.push(maxLenError(63));
  if (!full(DNS1035_LABEL).test(value)) {
    errs.push(
      regexError(
        "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character",
        DNS1035_LABEL,
        'my-name',
        'abc-123',
      ),
    );
  }
  return errs;
}

/** NameIsDNS1035Label: with prefix=true a trailing '-' is allowed (generateName). */
export function nameIsDNS1035Label(name: string, prefix: boolean): string[] {
  return isDNS1035Label(prefix ? name.replace(/-$/, 'a') : name);
}

export function nameIsDNS1123Subdomain(name: string, prefix: boolean): string[] {
  return isDNS1123Subdomain(prefix ? name.replace(/-$/, 'a') : name);
}

/** A label/annotation key: optional DNS subdomain prefix and '/', then a name part ≤ 63. */
export function isQualifiedName(value: string): string[] {
  const errs: string[] = [];
  const parts = value.split('/');
  let name: string;
  if (parts.length === 1) {
    name = parts[0]!;
  } else if (parts.length === 2) {
    const prefix = parts[0]!;
    name = parts[1]!;
    if (prefix.length === 0) errs.push('prefix part must be non-empty');
    else errs.push(...isDNS1123Subdomain(prefix).map((m) => `prefix part ${m}`));
  } else {
    return [
      regexError(
        "a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character",
        QUALIFIED_NAME,
        'MyName',
        'my.name',
        '123-abc',
      ) + " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')",
    ];
  }
  if (name.length === 0) errs.push('name part must be non-empty');
  else if (name.length > 63) errs.push(`name part ${maxLenError(63)}`);
  if (!full(QUALIFIED_NAME).test(name)) {
    errs.push(
      `name part ${regexError(
        "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character",
        QUALIFIED_NAME,
        'MyName',
        'my.name',
        '123-abc',
      )}`,
    );
  }
  return errs;
}

export function isValidLabelValue(value: string): string[] {
  const errs: string[] = [];
  if (value.length > 63) errs.push(maxLenError(63));
  if (!full(LABEL_VALUE).test(value)) {
    errs.push(
      regexError(
        "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character",
        LABEL_VALUE,
        'MyValue',
        'my_value',
        '12345',
      ),
    );
  }
  return errs;
}

/** Go's %v of a []string: `[a b]`. */
export function goList(msgs: string[]): string {
  return `[${msgs.join(' ')}]`;
}

const LONGEST = 63;
const MD5_HEX_LEN = 32;
const HEAD = LONGEST - MD5_HEX_LEN;

/**
 * kmeta.ChildName: `parent + suffix`, kept within 63 characters by replacing the parent's tail with the md5
 * of the parent (or of parent+suffix when even the suffix does not fit), as Knative names child objects.
 */
export function childName(parent: string, suffix: string): string {
  const md5 = (s: string) => createHash('md5').update(s).digest('hex');
  let n = parent;
  if (parent.length > LONGEST - suffix.length) {
    if (HEAD - suffix.length <= 0) {
      let p = parent;
      if (HEAD < p.length) p = p.slice(0, HEAD);
      let ret = p + md5(parent + suffix);
      const d = LONGEST - ret.length;
      if (d > 0) ret += suffix.slice(0, d);
      return ret.replace(/[^a-zA-Z0-9]+$/, '');
    }
    n = parent.slice(0, HEAD - suffix.length) + md5(parent);
  }
  return n + suffix;
}
