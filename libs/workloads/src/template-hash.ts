import type { PodTemplate } from './types';

export const POD_TEMPLATE_HASH = 'pod-template-hash';
const SAFE_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

function stable(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stable);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value as object)
        .sort()
        .map((k) => [k, stable((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}

function fnv32a(text: string): number {
  let h = 0x811c9dc5;
  for (const byte of Buffer.from(text, 'utf8')) {
    h ^= byte;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/**
 * The `pod-template-hash` of a template: FNV-32a over the template (keys sorted, the hash label itself left
 * out) and the collision count, written with the API's vowel-free alphabet like kube-controller-manager does.
 * The value differs from kube's (it hashes Go's struct dump), only its use matters: one ReplicaSet per template.
 */
export function templateHash(template: PodTemplate, collisionCount = 0): string {
  const labels = { ...(template.metadata?.labels ?? {}) };
  delete labels[POD_TEMPLATE_HASH];
  const normalized = { ...template, metadata: { ...(template.metadata ?? {}), labels } };
  const digits = String(
    fnv32a(JSON.stringify(stable(normalized)) + (collisionCount ? `/${collisionCount}` : '')),
  );
  return [...digits].map((c) => SAFE_ALPHABET[c.charCodeAt(0) % SAFE_ALPHABET.length]).join('');
}

/** The template without the hash label, to compare a ReplicaSet's template with its Deployment's. */
export function templateWithoutHash(template: PodTemplate): PodTemplate {
  const copy = JSON.parse(JSON.stringify(template)) as PodTemplate;
  if (copy.metadata?.labels) {
    delete copy.metadata.labels[POD_TEMPLATE_HASH];
    if (Object.keys(copy.metadata.labels).length === 0) delete copy.metadata.labels;
  }
  if (copy.metadata && Object.keys(copy.metadata).length === 0) delete copy.metadata;
  return copy;
}
