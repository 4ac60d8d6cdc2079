/**
 * Semantic equality of JSON-like values: key order and `undefined` members do not matter (what a status
 * round-trip through the API server preserves).
 */
export function semanticEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (isEmpty(a) && isEmpty(b)) return a === b || (a == null && b == null);
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((v, i) => semanticEqual(v, b[i]));
  }
  if (isObject(a) && isObject(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const k of keys) if (!semanticEqual(a[k], b[k])) return false;
    return true;
  }
  return false;
}

/**
 * True when every field set in `desired` has the same value in `actual` (fields the server defaults or other
 * writers add are ignored), like Kubernetes' `equality.Semantic.DeepDerivative`. Arrays must match in length.
 */
export function isDerivative(desired: unknown, actual: unknown): boolean {
  if (desired === undefined || desired === null) return true;
  if (Array.isArray(desired)) {
    if (!Array.isArray(actual) || actual.length !== desired.length) return false;
    return desired.every((v, i) => isDerivative(v, actual[i]));
  }
  if (isObject(desired)) {
    if (!isObject(actual)) return Object.keys(desired).length === 0 && actual === undefined;
    return Object.entries(desired).every(([k, v]) => isDerivative(v, actual[k]));
  }
  return desired === actual;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isEmpty(v: unknown): boolean {
  return v === undefined || v === null;
}
