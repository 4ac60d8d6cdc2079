import fs from 'node:fs';
import path from 'node:path';
import { ALL_KINDS } from '../kinds';
import { buildCrd, crdFiles } from './crd';
import { toStructural } from './structural';
import { CRD_DIR } from './write-crds';

const ROOT = path.resolve(__dirname, '../../../..');
const REGENERATE = 'run `npx nx run api:generate-crds` and commit charts/kuack/files/crds/';

type Schema = Record<string, unknown> & {
  properties?: Record<string, Schema>;
  items?: Schema;
  additionalProperties?: Schema;
};

function at(schema: Schema, dotted: string): Schema {
  return dotted.split('.').reduce<Schema>((s, part) => {
    const next = part === '[]' ? s.items : s.properties?.[part];
    if (!next) throw new Error(`no schema at ${dotted} (stopped at ${part})`);
    return next;
  }, schema);
}

describe('generated CRDs', () => {
  it('the committed CRDs equal a fresh generation', () => {
    const committed = fs.existsSync(path.join(ROOT, CRD_DIR))
      ? fs
          .readdirSync(path.join(ROOT, CRD_DIR))
          .filter((f) => f.endsWith('.yaml'))
          .sort()
      : [];
    const fresh = crdFiles(ALL_KINDS);
    expect({ files: committed, hint: REGENERATE }).toEqual({
      files: fresh.map((f) => f.fileName),
      hint: REGENERATE,
    });
    for (const f of fresh) {
      const onDisk = fs.readFileSync(path.join(ROOT, CRD_DIR, f.fileName), 'utf8');
      if (onDisk !== f.yaml) throw new Error(`${CRD_DIR}/${f.fileName} is stale: ${REGENERATE}`);
    }
  });

  it('ksvc: names, status subresource, Knative printer columns', () => {
    const crd = buildCrd(ALL_KINDS.find((k) => k.kind === 'Service')!) as {
      metadata: { name: string };
      spec: Record<string, unknown> & { versions: Array<Record<string, unknown>> };
    };
    expect(crd.metadata.name).toBe('services.serving.knative.dev');
    expect(crd.spec.names).toMatchObject({
      kind: 'Service',
      plural: 'services',
      shortNames: ['kservice', 'ksvc'],
      categories: ['all', 'knative', 'serving'],
    });
    const v = crd.spec.versions[0]!;
    expect(v.subresources).toEqual({ status: {} });
    expect((v.additionalPrinterColumns as Array<{ name: string }>).map((c) => c.name)).toEqual([
      'URL',
      'LatestCreated',
      'LatestReady',
      'Ready',
      'Reason',
    ]);
  });

  it.each([
    ['Service', 'ksvc'],
    ['Configuration', 'cfg'],
    ['Revision', 'rev'],
    ['Route', 'rt'],
    ['DomainMapping', 'dm'],
    ['PodAutoscaler', 'kpa'],
    ['ServerlessService', 'sks'],
    ['Ingress', 'kingress'],
    ['Certificate', 'kcert'],
  ])('%s has short name %s', (kind, short) => {
    expect(ALL_KINDS.find((k) => k.kind === kind)!.shortNames).toContain(short);
  });

  it('the PodSpec schema accepts what Knative accepts', () => {
    const schema = toStructural(ALL_KINDS.find((k) => k.kind === 'Service')!.schema) as Schema;
    const pod = at(schema, 'spec.template.spec');
    expect(pod.required).toEqual(['containers']);
    const container = at(pod, 'containers.[]');
    expect(container.required).toBeUndefined(); // name is optional (defaulted)
    expect(at(container, 'readinessProbe.httpGet').required).toBeUndefined(); // port optional
    expect(at(container, 'readinessProbe.tcpSocket').required).toBeUndefined();
    expect(at(container, 'readinessProbe.httpGet.port')).toMatchObject({
      'x-kubernetes-int-or-string': true,
    });
    expect(at(container, 'resources.limits').additionalProperties).toMatchObject({
      'x-kubernetes-int-or-string': true,
    });
    expect(pod.properties!.affinity).toEqual({
      type: 'object',
      'x-kubernetes-preserve-unknown-fields': true,
    });
    expect(pod.properties!.containerConcurrency).toEqual({ type: 'integer', format: 'int64' });
    // Never allowed by Knative, so not in the schema (the API server prunes them; the webhook refuses them).
    expect(container.properties!.lifecycle).toBeUndefined();
    expect(pod.properties!.restartPolicy).toBeUndefined();
    expect(at(schema, 'spec.template.metadata')['x-kubernetes-preserve-unknown-fields']).toBe(true);
  });

  it('schemas are structural: every node typed, no unions except int-or-string', () => {
    const check = (s: Schema, p: string): void => {
      if (!s.type && !s['x-kubernetes-int-or-string'] && !s['x-kubernetes-preserve-unknown-fields'])
        throw new Error(`${p} has no type`);
      if (s.anyOf && !s['x-kubernetes-int-or-string']) throw new Error(`${p} is a union`);
      for (const [k, v] of Object.entries(s.properties ?? {})) check(v, `${p}.${k}`);
      if (s.items) check(s.items, `${p}[]`);
      if (s.additionalProperties && typeof s.additionalProperties === 'object')
        check(s.additionalProperties, `${p}{}`);
    };
    for (const def of ALL_KINDS) check(toStructural(def.schema) as Schema, def.kind);
  });

  it('structural conversion: records, literal unions, and a clear error for other unions', () => {
    expect(toStructural({ type: 'object', patternProperties: { '^(.*)$': { type: 'string' } } })).toEqual({
      type: 'object',
      additionalProperties: { type: 'string' },
    });
    expect(
      toStructural({
        anyOf: [
          { const: 'a', type: 'string' },
          { const: 'b', type: 'string' },
        ],
      }),
    ).toEqual({ type: 'string', enum: ['a', 'b'] });
    expect(() => toStructural({ anyOf: [{ type: 'string' }, { type: 'integer' }] }, 'X.spec.f')).toThrow(
      'X.spec.f: union types are not structural',
    );
  });
});
