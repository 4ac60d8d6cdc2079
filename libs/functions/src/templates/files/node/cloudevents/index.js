'use strict';

/**
 * Your CloudEvent function, invoked with each event. It logs the event and replies with a CloudEvent
 * whose data is { message: 'OK', received: <the incoming data> }.
 *
 * Invoke it with `kuack func invoke`; test it with `npm test`.
 *
 * @param {object} context the invocation context: log, headers, query, cloudEventResponse(), …
 * @param {object} event the CloudEvent: id, source, type, specversion, data, extensions
 */
const handle = async (context, event) => {
  context.log.info(`received ${event.type} from ${event.source}`);
  return context
    .cloudEventResponse({ message: 'OK', received: event.data })
    .source('function')
    .type('function.response')
    .response();
};

module.exports = { handle };
