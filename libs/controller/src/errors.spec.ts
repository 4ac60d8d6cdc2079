import {
  AlreadyExistsError,
  ConflictError,
  GoneError,
  InvalidError,
  KubeApiError,
  NotFoundError,
  errorFromStatus,
} from './errors';

describe('errorFromStatus', () => {
  const status = (code: number, reason: string, extra: object = {}) => ({
    kind: 'Status',
    code,
    reason,
    message: `${reason} happened`,
    ...extra,
  });

  it('maps API status codes and reasons to typed errors that name the request', () => {
    expect(errorFromStatus(404, status(404, 'NotFound'), 'get Widget ns/a')).toBeInstanceOf(NotFoundError);
    expect(errorFromStatus(409, status(409, 'AlreadyExists'), 'x')).toBeInstanceOf(AlreadyExistsError);
    expect(errorFromStatus(409, status(409, 'Conflict'), 'x')).toBeInstanceOf(ConflictError);
    expect(errorFromStatus(410, status(410, 'Expired'), 'x')).toBeInstanceOf(GoneError);
    const other = errorFromStatus(500, 'boom', 'list Widget');
    expect(other).toBeInstanceOf(KubeApiError);
    expect(other.message).toBe('list Widget: boom');
    expect(errorFromStatus(404, status(404, 'NotFound'), 'get Widget ns/a').message).toBe(
      'get Widget ns/a: NotFound happened',
    );
  });

  it('keeps the causes of Invalid', () => {
    const err = errorFromStatus(
      422,
      status(422, 'Invalid', {
        details: {
          causes: [{ field: 'spec.replicas', message: 'must be >= 0', reason: 'FieldValueInvalid' }],
        },
      }),
      'create',
    );
    expect(err).toBeInstanceOf(InvalidError);
    expect((err as InvalidError).causes).toEqual([
      { field: 'spec.replicas', message: 'must be >= 0', reason: 'FieldValueInvalid' },
    ]);
  });
});
