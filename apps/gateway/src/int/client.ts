import http from 'node:http';
import https from 'node:https';

export interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

function collect(res: http.IncomingMessage): Promise<Answer> {
  return new Promise((resolve, reject) => {
    let body = '';
    res.setEncoding('utf8');
    res.on('data', (c: string) => (body += c));
    res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    res.on('error', reject);
  });
}

/** One plain HTTP request to the gateway with the given Host header (no connection reuse). */
export function get(
  port: number,
  host: string,
  path = '/',
  headers: http.OutgoingHttpHeaders = {},
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port, path, headers: { host, ...headers }, agent: false }, (res) =>
        collect(res).then(resolve, reject),
      )
      .on('error', reject);
  });
}

/** An HTTPS request by SNI name with verification against `ca`; resolves with the served certificate's CN too. */
export function getTls(
  port: number,
  serverName: string,
  ca: string,
  path = '/',
): Promise<Answer & { certificateCn: string; authorized: boolean }> {
  return new Promise((resolve, reject) => {
    https
      .get(
        {
          host: '127.0.0.1',
          port,
          path,
          servername: serverName,
          headers: { host: serverName },
          ca,
          rejectUnauthorized: true,
          agent: false,
        },
        (res) => {
          const socket = res.socket as import('node:tls').TLSSocket;
          const cert = socket.getPeerCertificate();
          const cn = String(cert.subject?.CN ?? '');
          const authorized = socket.authorized;
          collect(res).then((a) => resolve({ ...a, certificateCn: cn, authorized }), reject);
        },
      )
      .on('error', reject);
  });
}
