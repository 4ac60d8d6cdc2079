/** A Kubernetes `Status` failure mapped to a typed error so callers test `instanceof`, never status codes. */
export interface StatusCause {
  reason?: string;
  message?: string;
  field?: string;
}

export interface StatusBody {
  kind?: string;
  status?: string;
  message?: string;
  reason?: string;
  code?: number;
  details?: {
    name?: string;
    kind?: string;
    group?: string;
    causes?: StatusCause[];
    retryAfterSeconds?: number;
  };
}

export class KubeApiError extends Error {
  constructor(
    message: string,
    readonly statusCode: number,
    readonly reason: string,
    readonly status?: StatusBody,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class NotFoundError extends KubeApiError {}
export class ConflictError extends KubeApiError {}
export class AlreadyExistsError extends KubeApiError {}
export class GoneError extends KubeApiError {}
export class InvalidError extends KubeApiError {
  get causes(): StatusCause[] {
    return this.status?.details?.causes ?? [];
  }
}
export class ForbiddenError extends KubeApiError {}
export class UnauthorizedError extends KubeApiError {}
export class TooManyRequestsError extends KubeApiError {}

/** Builds the typed error for a non-2xx answer of the API server. `context` names the request. */
export function errorFromStatus(statusCode: number, body: unknown, context: string): KubeApiError {
  const status = isStatus(body) ? body : undefined;
  const reason = status?.reason ?? '';
  const detail = status?.message ?? (typeof body === 'string' && body ? body : `HTTP ${statusCode}`);
  const message = `${context}: ${detail}`;
  if (statusCode === 404) return new NotFoundError(message, statusCode, reason || 'NotFound', status);
  if (statusCode === 409 && reason === 'AlreadyExists')
    return new AlreadyExistsError(message, statusCode, reason, status);
  if (statusCode === 409) return new ConflictError(message, statusCode, reason || 'Conflict', status);
  if (statusCode === 410) return new GoneError(message, statusCode, reason || 'Expired', status);
  if (statusCode === 422) return new InvalidError(message, statusCode, reason || 'Invalid', status);
  if (statusCode === 403) return new ForbiddenError(message, statusCode, reason || 'Forbidden', status);
  if (statusCode === 401) return new UnauthorizedError(message, statusCode, reason || 'Unauthorized', status);
  if (statusCode === 429)
    return new TooManyRequestsError(message, statusCode, reason || 'TooManyRequests', status);
  return new KubeApiError(message, statusCode, reason || 'Unknown', status);
}

function isStatus(body: unknown): body is StatusBody {
  return typeof body === 'object' && body !== null && (body as StatusBody).kind === 'Status';
}

export const isNotFound = (err: unknown): err is NotFoundError => err instanceof NotFoundError;
export const isConflict = (err: unknown): err is ConflictError => err instanceof ConflictError;
export const isAlreadyExists = (err: unknown): err is AlreadyExistsError => err instanceof AlreadyExistsError;
export const isGone = (err: unknown): err is GoneError => err instanceof GoneError;
export const isInvalid = (err: unknown): err is InvalidError => err instanceof InvalidError;
