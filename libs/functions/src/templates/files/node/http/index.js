'use strict';

/**
 * Your HTTP function, invoked with each request. It echoes a request body back, and answers "OK" when
 * there is none.
 *
 * Invoke it with `kuack func invoke`; test it with `npm test`.
 *
 * @param {object} context the invocation context: query, headers, method, httpVersion, log, body
 * @param {object|string|Buffer} [body] the request body: parsed JSON or form data, text, or raw bytes
 */
const handle = async (context, body) => {
  context.log.info(`${context.method} with query ${JSON.stringify(context.query)}`);
  if (body === undefined) {
    return { body: 'OK', headers: { 'content-type': 'text/plain' } };
  }
  return { body };
};

module.exports = { handle };
