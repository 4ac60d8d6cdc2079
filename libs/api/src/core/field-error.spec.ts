import {
  FieldErrors,
  checkDisallowedFields,
  errDisallowedFields,
  errGeneric,
  errInvalidValue,
  errMissingField,
  errMultipleOneOf,
  errOutOfBoundsValue,
} from './field-error';

describe('FieldErrors', () => {
  it('nests paths with viaField, viaIndex and viaKey like Knative', () => {
    const errs = errOutOfBoundsValue(101, 0, 100, 'percent').viaIndex(1).viaField('traffic').viaField('spec');
    expect(errs.list()).toEqual([
      { path: 'spec.traffic[1].percent', message: 'expected 0 <= 101 <= 100', level: 'Error' },
    ]);
    expect(errMissingField('name').viaFieldKey('labels', 'a/b').list()[0]!.path).toBe('labels[a/b].name');
    expect(errGeneric('x', '').viaField('spec').list()[0]!.path).toBe('spec');
    expect(errGeneric('x').viaField('b', 'a').list()[0]!.path).toBe('a.b');
  });

  it('collects every error, one entry per path, duplicates removed', () => {
    const errs = FieldErrors.none
      .also(errMissingField('a', 'b'))
      .also(undefined, errMultipleOneOf('c'))
      .also(errMissingField('a'));
    expect(errs.list().map((e) => `${e.path}: ${e.message}`)).toEqual([
      'a: missing field(s)',
      'b: missing field(s)',
      'c: expected exactly one, got both',
    ]);
    expect(errs.size).toBe(3);
    expect(FieldErrors.none.isEmpty()).toBe(true);
  });

  it('formats values and details as Knative does', () => {
    const e = errInvalidValue(-1, 'retry', 'must be positive').list()[0]!;
    expect(e).toEqual({
      path: 'retry',
      message: 'invalid value: -1',
      details: 'must be positive',
      level: 'Error',
    });
    expect(errDisallowedFields('x').toString()).toBe('must not set the field(s): x');
    expect(errMissingField('b', 'a').also(errDisallowedFields('c')).toString()).toBe(
      'missing field(s): a, b\nmust not set the field(s): c',
    );
  });

  it('separates warnings from errors', () => {
    const errs = errMissingField('a').also(errGeneric('deprecated', 'b').at('Warning'));
    expect(
      errs
        .filter('Warning')
        .list()
        .map((e) => e.path),
    ).toEqual(['b']);
    expect(
      errs
        .filter('Error')
        .list()
        .map((e) => e.path),
    ).toEqual(['a']);
  });

  it('reports fields outside a whitelist, sorted', () => {
    expect(
      checkDisallowedFields({ z: 1, a: 2, ok: 3 }, ['ok'])
        .list()
        .map((e) => e.path),
    ).toEqual(['a', 'z']);
    expect(checkDisallowedFields({ ok: 1 }, ['ok']).isEmpty()).toBe(true);
  });
});
