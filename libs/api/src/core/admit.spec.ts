import { Type } from '@sinclair/typebox';
import { admitWith } from './admit';
import { defaultApiConfig, featureAllowed, featureFlag } from './config';
import { errMissingField, FieldErrors } from './field-error';
import { type KindDefinition, KindRegistry } from './registry';
import type { KObject } from './object';

type Widget = KObject<{ size?: number; color?: string }>;

const widgetKind: KindDefinition<Widget> = {
  group: 'example.kuack.dev',
  version: 'v1',
  kind: 'Widget',
  plural: 'widgets',
  singular: 'widget',
  shortNames: ['wd'],
  categories: [],
  scope: 'Namespaced',
  printerColumns: [],
  schema: Type.Object({}),
  subresources: { status: true },
  defaults: (w, ctx) => {
    w.spec ??= {};
    w.spec.size ??= ctx.operation === 'CREATE' ? 1 : 2;
  },
  validate: (w, ctx) => {
    let errs = FieldErrors.none;
    if (!w.spec?.color) errs = errs.also(errMissingField('color').viaField('spec'));
    if (ctx.old && (ctx.old as Widget).spec?.color !== w.spec?.color)
      errs = errs.also(FieldErrors.of('immutable', ['spec.color']));
    if (w.spec?.color === 'grey') errs = errs.also(FieldErrors.of('dull', ['spec.color']).at('Warning'));
    return errs;
  },
};
const registry = new KindRegistry([widgetKind]);
const w = (spec: Widget['spec']): Widget => ({
  apiVersion: 'example.kuack.dev/v1',
  kind: 'Widget',
  metadata: { name: 'w' },
  spec,
});

describe('admit', () => {
  it('defaults a copy, validates, splits errors and warnings', () => {
    const input = w({ color: 'grey' });
    const r = admitWith(registry, undefined, input);
    expect(r.object.spec).toEqual({ color: 'grey', size: 1 });
    expect(input.spec).toEqual({ color: 'grey' });
    expect(r.errors).toEqual([]);
    expect(r.warnings).toEqual([{ path: 'spec.color', message: 'dull', level: 'Warning' }]);
    expect(r.definition?.kind).toBe('Widget');
  });

  it('passes the old object on update', () => {
    const r = admitWith(registry, 'widgets', w({ color: 'red' }), w({ color: 'blue' }));
    expect(r.object.spec!.size).toBe(2);
    expect(r.errors.map((e) => `${e.path}: ${e.message}`)).toEqual(['spec.color: immutable']);
  });

  it('skips defaulting for status writes', () => {
    expect(
      admitWith(registry, undefined, w({ color: 'red' }), w({ color: 'red' }), { subresource: 'status' })
        .object.spec,
    ).toEqual({ color: 'red' });
  });

  it('looks kinds up by name, plural, short name, group/version/Kind and GVK', () => {
    for (const ref of [
      'Widget',
      'widgets',
      'wd',
      'widget.example.kuack.dev',
      'example.kuack.dev/v1/Widget',
      { group: 'example.kuack.dev', kind: 'Widget' },
      { apiVersion: 'example.kuack.dev/v1', kind: 'Widget' },
    ]) {
      expect(registry.lookup(ref)?.kind).toBe('Widget');
    }
    expect(registry.lookup('gadget')).toBeUndefined();
    expect(() => registry.register(widgetKind)).toThrow('registered twice');
  });

  it('reports unknown kinds and wrong versions as errors', () => {
    expect(admitWith(registry, undefined, { apiVersion: 'x/v1', kind: 'Gadget' }).errors).toEqual([
      { path: 'kind', message: 'unknown kind: Gadget in x/v1', level: 'Error' },
    ]);
    expect(
      admitWith(registry, 'Widget', { apiVersion: 'example.kuack.dev/v2', kind: 'Widget' }).errors[0]!
        .message,
    ).toBe('unsupported apiVersion example.kuack.dev/v2 for Widget, want example.kuack.dev/v1');
  });

  it('turns a throwing validator into an internal error instead of crashing', () => {
    const broken = new KindRegistry([
      {
        ...widgetKind,
        validate: () => {
          throw new Error('boom');
        },
      },
    ]);
    expect(admitWith(broken, undefined, w({})).errors).toEqual([
      { path: '', message: 'internal error: boom', level: 'Error' },
    ]);
  });
});

describe('config', () => {
  it('feature flags default per Knative and can be overridden', () => {
    const cfg = defaultApiConfig({ features: { 'kubernetes.podspec-affinity': 'Allowed' } });
    expect(featureFlag(cfg, 'multi-container')).toBe('Enabled');
    expect(featureAllowed(cfg, 'kubernetes.podspec-affinity')).toBe(true);
    expect(featureAllowed(cfg, 'kubernetes.podspec-tolerations')).toBe(false);
    expect(featureFlag(cfg, 'new-trigger-filters', 'Enabled')).toBe('Enabled');
    expect(cfg.defaults).toMatchObject({
      revisionTimeoutSeconds: 300,
      maxRevisionTimeoutSeconds: 600,
      containerConcurrency: 0,
      containerConcurrencyMaxLimit: 1000,
      userContainerNameTemplate: 'user-container',
    });
    expect(cfg.autoscaler.targetBurstCapacity).toBe(211);
  });
});
