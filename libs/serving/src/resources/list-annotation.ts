/** A comma-separated set kept in an annotation (`serving.knative.dev/routes`), as Knative's labeler reads it. */
export function listAnnotationValue(
  annotations: Record<string, string> | undefined,
  key: string,
): Set<string> {
  const v = annotations?.[key] ?? '';
  return new Set(v ? v.split(',') : []);
}

export function joinSorted(values: Iterable<string>): string {
  return [...values].sort().join(',');
}
