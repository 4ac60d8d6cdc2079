/** The private Service (selecting the revision's pods) of an SKS: `<sks>-private`. */
export function privateServiceName(sksName: string): string {
  return `${sksName}-private`;
}
