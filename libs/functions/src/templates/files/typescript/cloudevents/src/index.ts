import type { CloudEventFunction, CloudEventLike, Context } from '@kuack/functions';

/**
 * Your CloudEvent function, invoked with each event. It logs the event and replies with a CloudEvent
 * whose data is { message: 'OK', received: <the incoming data> }.
 *
 * Invoke it with `kuack func invoke`; test it with `npm test`.
 */
export const handle: CloudEventFunction = async (
  context: Context,
  event: CloudEventLike,
): Promise<CloudEventLike> => {
  context.log.info(`received ${event.type} from ${event.source}`);
  return context
    .cloudEventResponse({ message: 'OK', received: event.data })
    .source('function')
    .type('function.response')
    .response();
};
