import http from 'node:http';
import https from 'node:https';
import type { StatMessage } from '@kuack/autoscaler';

/**
 * Posts StatMessage[] to `<autoscalerUrl>/v1/stats` over a keep-alive connection. Fire and forget: a lost
 * report is replaced by the next one a second later; failures go to `onError` (rate limiting is the caller's).
 */
export function createStatsSender(
  autoscalerUrl: string,
  onError: (err: Error) => void,
): { send: (messages: StatMessage[]) => void; close: () => void } {
  const url = new URL('/v1/stats', autoscalerUrl);
  const isHttps = url.protocol === 'https:';
  const agent = isHttps
    ? new https.Agent({ keepAlive: true })
    : new http.Agent({ keepAlive: true, maxSockets: 4 });
  const send = (messages: StatMessage[]) => {
    const body = JSON.stringify(messages);
    const req = (isHttps ? https : http).request(
      url,
      {
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
        timeout: 2000,
      },
      (res) => {
        res.resume();
        if ((res.statusCode ?? 0) >= 300)
          onError(new Error(`autoscaler answered ${res.statusCode} to POST ${url.href}`));
      },
    );
    req.on('timeout', () => req.destroy(new Error(`POST ${url.href} timed out`)));
    req.on('error', onError);
    req.end(body);
  };
  return { send, close: () => agent.destroy() };
}
