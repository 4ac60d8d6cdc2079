import type { Context, HTTPFunction, StructuredReturn } from '@kuack/functions';

/**
 * Your HTTP function, invoked with each request. It echoes a request body back, and answers "OK" when
 * there is none.
 *
 * Invoke it with `kuack func invoke`; test it with `npm test`.
 */
export const handle: HTTPFunction = async (context: Context, body?: unknown): Promise<StructuredReturn> => {
  context.log.info(`${context.method} with query ${JSON.stringify(context.query)}`);
  if (body === undefined) {
    return { body: 'OK', headers: { 'content-type': 'text/plain' } };
  }
  return { body };
};
