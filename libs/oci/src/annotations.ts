/** Pre-defined annotation keys (image-spec annotations.md) that Kuack writes or reads. */
export const Annotation = {
  refName: 'org.opencontainers.image.ref.name',
  created: 'org.opencontainers.image.created',
  revision: 'org.opencontainers.image.revision',
  source: 'org.opencontainers.image.source',
  version: 'org.opencontainers.image.version',
  title: 'org.opencontainers.image.title',
  baseName: 'org.opencontainers.image.base.name',
  baseDigest: 'org.opencontainers.image.base.digest',
} as const;

/** Merges annotation maps left to right, dropping empty values; returns undefined when nothing is left. */
export function mergeAnnotations(
  ...maps: Array<Record<string, string> | undefined>
): Record<string, string> | undefined {
  const merged: Record<string, string> = {};
  for (const map of maps) {
    for (const [key, value] of Object.entries(map ?? {})) {
      if (value === '') delete merged[key];
      else merged[key] = value;
    }
  }
  const sorted = Object.fromEntries(Object.entries(merged).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  return Object.keys(sorted).length > 0 ? sorted : undefined;
}
