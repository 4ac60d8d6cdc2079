import type { Transport } from '../transport';

/**
 * Wraps the real transport to inject watch faults: `partition()` silently drops watch events (the informer
 * misses changes), `expire()` then sends each open watch a 410 Gone ERROR event, as an API server does when
 * the resume point was compacted away.
 */
export function faultTransport(inner: Transport) {
  let partitioned = false;
  let dropped = 0;
  const open = new Set<(line: string) => void>();
  const transport: Transport = {
    request: (req) => inner.request(req),
    async stream(req, onLine) {
      const deliver = (line: string) => {
        if (partitioned) dropped++;
        else onLine(line);
      };
      const s = await inner.stream(req, deliver);
      if ('abort' in s) {
        open.add(onLine);
        void s.done.catch(() => undefined).finally(() => open.delete(onLine));
      }
      return s;
    },
  };
  return {
    transport,
    partition: () => (partitioned = true),
    dropped: () => dropped,
    expire() {
      partitioned = false;
      const gone = JSON.stringify({
        type: 'ERROR',
        object: {
          kind: 'Status',
          apiVersion: 'v1',
          status: 'Failure',
          code: 410,
          reason: 'Expired',
          message: 'too old resource version',
        },
      });
      for (const onLine of open) onLine(gone);
    },
  };
}
