import dns from 'node:dns';

type LookupCallback = (
  err: NodeJS.ErrnoException | null,
  address: string | dns.LookupAddress[],
  family?: number,
) => void;

/**
 * A DNS lookup that sends `*.localhost` (Kuack's local-mode Knative hosts) to 127.0.0.1, as curl and browsers
 * do and Node's resolver does not; every other name goes to the system resolver.
 */
export function localhostLookup(
  hostname: string,
  options: dns.LookupOptions,
  callback: LookupCallback,
): void {
  if (hostname === 'localhost' || hostname.endsWith('.localhost')) {
    if (options.all) callback(null, [{ address: '127.0.0.1', family: 4 }]);
    else callback(null, '127.0.0.1', 4);
    return;
  }
  dns.lookup(hostname, options, callback as never);
}

let dispatcher: unknown;
/** An undici dispatcher using localhostLookup, for fetch's `dispatcher` option. */
export async function localhostDispatcher(): Promise<unknown> {
  if (!dispatcher) {
    const { Agent } = await import('undici');
    dispatcher = new Agent({ connect: { lookup: localhostLookup as never } });
  }
  return dispatcher;
}
