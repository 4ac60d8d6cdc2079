import crypto from 'node:crypto';
import type { Ingress, IngressSpec } from '@kuack/api';

/**
 * Knative's ingress probe contract (knative/networking pkg/ingress): a request carrying
 * `K-Network-Hash: override` gets `K-Network-Hash: <hash of the Ingress it was routed by>` on its way to the
 * backend, which echoes it when asked by `K-Network-Probe: probe`; Knative's prober and its ingress conformance
 * test use it to see which version of an Ingress a gateway serves. The hash is sha256 over the spec serialized
 * as Go's encoding/json does (struct field order, omitempty, sorted map keys, HTML-safe escaping) followed by
 * the namespace and the name.
 */
export const HashHeader = 'k-network-hash';
export const HashValueOverride = 'override';

export function ingressProbeHash(ing: Ingress): string {
  const bytes = goJsonSpec(ing.spec ?? {}) + (ing.metadata?.namespace ?? '') + (ing.metadata?.name ?? '');
  return crypto.createHash('sha256').update(bytes, 'utf8').digest('hex');
}

/** A JSON string escaped as Go's encoding/json does (also <, >, &, U+2028 and U+2029). */
function str(s: string): string {
  return JSON.stringify(s).replace(
    /[<>&\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/** Go sorts map keys by their bytes. */
function sortedKeys(m: Record<string, unknown>): string[] {
  return Object.keys(m).sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
}

function obj(fields: Array<[string, string | undefined]>): string {
  return `{${fields
    .filter((f): f is [string, string] => f[1] !== undefined)
    .map(([k, v]) => `${str(k)}:${v}`)
    .join(',')}}`;
}

/** omitempty for slices, maps and strings: absent when empty. */
const strings = (xs: string[] | undefined) => (xs && xs.length ? `[${xs.map(str).join(',')}]` : undefined);
const text = (s: string | undefined) => (s ? str(s) : undefined);
const map = (m: Record<string, string> | undefined) =>
  m && Object.keys(m).length
    ? `{${sortedKeys(m)
        .map((k) => `${str(k)}:${str(m[k])}`)
        .join(',')}}`
    : undefined;
/** A slice without omitempty: null when nil. */
const list = <T>(xs: T[] | undefined, f: (x: T) => string) => (xs ? `[${xs.map(f).join(',')}]` : 'null');

export function goJsonSpec(spec: IngressSpec): string {
  return obj([
    [
      'tls',
      spec.tls?.length
        ? `[${spec.tls
            .map((t) =>
              obj([
                ['hosts', strings(t.hosts)],
                ['secretName', text(t.secretName)],
                ['secretNamespace', text(t.secretNamespace)],
              ]),
            )
            .join(',')}]`
        : undefined,
    ],
    [
      'rules',
      spec.rules?.length
        ? `[${spec.rules
            .map((r) =>
              obj([
                ['hosts', strings(r.hosts)],
                ['visibility', text(r.visibility)],
                [
                  'http',
                  r.http
                    ? obj([
                        [
                          'paths',
                          list(r.http.paths, (p) =>
                            obj([
                              ['path', text(p.path)],
                              ['rewriteHost', text(p.rewriteHost)],
                              [
                                'headers',
                                p.headers && Object.keys(p.headers).length
                                  ? `{${sortedKeys(p.headers)
                                      .map(
                                        (k) =>
                                          `${str(k)}:${obj([['exact', str(p.headers![k].exact ?? '')]])}`,
                                      )
                                      .join(',')}}`
                                  : undefined,
                              ],
                              [
                                'splits',
                                list(p.splits, (s) =>
                                  obj([
                                    ['serviceNamespace', str(s.serviceNamespace ?? '')],
                                    ['serviceName', str(s.serviceName ?? '')],
                                    [
                                      'servicePort',
                                      typeof s.servicePort === 'number'
                                        ? String(s.servicePort)
                                        : str(String(s.servicePort ?? 0)),
                                    ],
                                    ['percent', s.percent ? String(s.percent) : undefined],
                                    ['appendHeaders', map(s.appendHeaders)],
                                  ]),
                                ),
                              ],
                              ['appendHeaders', map(p.appendHeaders)],
                            ]),
                          ),
                        ],
                      ])
                    : undefined,
                ],
              ]),
            )
            .join(',')}]`
        : undefined,
    ],
    ['httpOption', text(spec.httpOption)],
  ]);
}
