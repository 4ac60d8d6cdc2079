/** An error entry of a registry response body (distribution-spec "Error Codes"). */
export interface DistributionError {
  code: string;
  message?: string;
  detail?: unknown;
}

export interface RegistryErrorContext {
  registry: string;
  repository?: string;
  /** Tag, digest, or blob digest the request was about. */
  reference?: string;
  operation: string;
}

/** A registry answered with an error: names the registry, repository, reference, status and error codes. */
export class RegistryError extends Error {
  constructor(
    readonly context: RegistryErrorContext,
    readonly status: number,
    readonly errors: DistributionError[] = [],
    hint?: string,
  ) {
    super(describe(context, status, errors, hint));
    this.name = 'RegistryError';
  }

  get codes(): string[] {
    return this.errors.map((e) => e.code);
  }

  hasCode(code: string): boolean {
    return this.errors.some((e) => e.code === code);
  }
}

const STATUS_TEXT: Record<number, string> = {
  400: 'bad request',
  401: 'unauthorized (missing or wrong credentials)',
  403: 'forbidden (the credentials lack access)',
  404: 'not found',
  405: 'method not allowed',
  409: 'conflict',
  416: 'range not satisfiable',
  429: 'too many requests',
};

function describe(
  ctx: RegistryErrorContext,
  status: number,
  errors: DistributionError[],
  hint?: string,
): string {
  const target = [ctx.repository, ctx.reference]
    .filter(Boolean)
    .join(ctx.reference?.includes(':') ? '@' : ':');
  const where = `registry ${ctx.registry}${target ? `, ${target}` : ''}`;
  const codes = errors
    .map(
      (e) =>
        `${e.code}${e.message ? `: ${e.message}` : ''}${e.detail ? ` (${JSON.stringify(e.detail)})` : ''}`,
    )
    .join('; ');
  const statusText = STATUS_TEXT[status] ?? (status >= 500 ? 'server error' : 'error');
  return `${ctx.operation} failed at ${where}: HTTP ${status} ${statusText}${codes ? ` — ${codes}` : ''}${hint ? `. ${hint}` : ''}`;
}

/** Reads `{"errors":[…]}` from a registry error body; tolerates bodies that are not JSON. */
export function parseDistributionErrors(body: string): DistributionError[] {
  try {
    const parsed = JSON.parse(body) as { errors?: unknown };
    if (!Array.isArray(parsed.errors)) return [];
    return parsed.errors
      .filter(
        (e): e is Record<string, unknown> =>
          typeof e === 'object' && e !== null && typeof (e as { code?: unknown }).code === 'string',
      )
      .map((e) => ({
        code: e.code as string,
        ...(typeof e.message === 'string' ? { message: e.message } : {}),
        ...(e.detail != null ? { detail: e.detail } : {}),
      }));
  } catch {
    return [];
  }
}
