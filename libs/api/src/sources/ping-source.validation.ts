import type { ApiConfig } from '../core/config';
import { FieldErrors, errInvalidValue, errMultipleOneOf } from '../core/field-error';
import { validateSourceSpec } from '../eventing/duck/source';
import { parseCron } from './cron';
import type { PingSource } from './ping-source.types';

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Go's base64.StdEncoding.DecodeString, error text included. */
export function decodeStdBase64(text: string): { ok: true; value: Buffer } | { ok: false; error: string } {
  const stripped = text.replace(/[\r\n]/g, '');
  if (BASE64.test(stripped)) return { ok: true, value: Buffer.from(stripped, 'base64') };
  let i = 0;
  while (i < stripped.length && /[A-Za-z0-9+/]/.test(stripped[i]!)) i++;
  // A bad character, or the position where padding/length went wrong.
  const at =
    i < stripped.length && stripped[i] !== '='
      ? i
      : Math.min(i, stripped.length - (stripped.length % 4 || 4));
  return { ok: false, error: `illegal base64 data at input byte ${Math.max(0, at)}` };
}

/** application/json data must decode to a JSON object (Knative unmarshals into a map). */
function jsonObjectError(text: string): string | undefined {
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
      return `json: cannot unmarshal ${Array.isArray(parsed) ? 'array' : parsed === null ? 'null' : typeof parsed} into Go value of type map[string]interface {}`;
    }
    return undefined;
  } catch (e) {
    return (e as Error).message;
  }
}

/** PingSource.Validate: schedule (+ timezone), sink, data xor dataBase64, JSON data when contentType says so. */
export function validatePingSource(source: PingSource, config: ApiConfig): FieldErrors {
  const spec = source.spec ?? {};
  let errs = FieldErrors.none;
  const schedule = spec.schedule ?? '';
  if (schedule.includes('@every'))
    errs = errs.also(errInvalidValue('unsupported descriptor @every', 'schedule'));
  const parsed = parseCron(spec.timezone ? `CRON_TZ=${spec.timezone} ${schedule}` : schedule);
  if (!parsed.ok)
    errs = errs.also(errInvalidValue(parsed.error, parsed.badLocation ? 'timezone' : 'schedule'));

  if (spec.data && spec.dataBase64) {
    errs = errs.also(errMultipleOneOf('data', 'dataBase64'));
  } else if (spec.dataBase64) {
    const decoded = decodeStdBase64(spec.dataBase64);
    if (!decoded.ok) {
      errs = errs.also(errInvalidValue(decoded.error, 'dataBase64'));
    } else if (spec.contentType === 'application/json') {
      const bad = jsonObjectError(decoded.value.toString('utf8'));
      if (bad) errs = errs.also(errInvalidValue(bad, 'dataBase64'));
    }
  } else if (spec.data && spec.contentType === 'application/json') {
    const bad = jsonObjectError(spec.data);
    if (bad) errs = errs.also(errInvalidValue(bad, 'data'));
  }
  errs = errs.also(validateSourceSpec(spec, config, source.metadata?.namespace));
  return errs.viaField('spec');
}
