import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { formatInvokeResult, invokeFunction, invokeRequest } from './invoke';
import { localhostLookup } from './http-client';
import { DEFAULT_INVOKE_DATA } from './defaults';

describe('invokeRequest', () => {
  it('http: POST the data with its content type', () => {
    expect(invokeRequest({ format: 'http', data: Buffer.from(DEFAULT_INVOKE_DATA) })).toEqual({
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: Buffer.from('{"message":"Hello World"}'),
    });
  });

  it("cloudevent: a binary-mode event with Knative's default source and type, extensions as ce-*", () => {
    const req = invokeRequest({
      format: 'cloudevent',
      data: Buffer.from('x'),
      contentType: 'text/plain',
      id: 'e1',
      extensions: { trace: 'abc' },
    });
    expect(req.headers).toMatchObject({
      'ce-specversion': '1.0',
      'ce-id': 'e1',
      'ce-source': '/boson/fn',
      'ce-type': 'boson.fn',
      'ce-trace': 'abc',
      'content-type': 'text/plain',
    });
    expect(invokeRequest({ format: 'cloudevent', data: Buffer.alloc(0) }).headers['ce-id']).toMatch(
      /^[0-9a-f-]{36}$/,
    );
  });

  it.each([
    [{ format: 'grpc' }, '-f/--format: "grpc" must be http or cloudevent'],
    [{ format: 'http', requestType: 'PUT' }, '--request-type: "PUT" must be POST or GET'],
    [
      { format: 'cloudevent', extensions: { 'Bad-Name': 'x' } },
      '-e/--extension: "Bad-Name" is not a CloudEvent attribute name',
    ],
  ])('refuses %j', (message, error) => {
    expect(() => invokeRequest({ data: Buffer.alloc(0), ...message } as never)).toThrow(error);
  });
});

describe('invokeFunction', () => {
  let server: http.Server;
  let url: string;
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      if (req.url === '/fail') {
        res.writeHead(503);
        return res.end('not ready');
      }
      if (req.headers['ce-id']) {
        res.writeHead(200, {
          'ce-id': 'r1',
          'ce-type': 'reply',
          'ce-source': '/fn',
          'ce-specversion': '1.0',
          'ce-x': 'y',
          'content-type': 'application/json',
        });
        return res.end('{"ok":true}');
      }
      res.end(`you sent ${req.headers['content-type']}`);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });
  afterAll(() => server.close());

  it('returns the body of an HTTP reply', async () => {
    const result = await invokeFunction(url, { format: 'http', data: Buffer.from('{}') });
    expect(formatInvokeResult(result)).toBe('you sent application/json');
  });

  it('prints a CloudEvent reply like func does', async () => {
    const result = await invokeFunction(url, { format: 'cloudevent', data: Buffer.from('{}') });
    expect(formatInvokeResult(result)).toBe(
      'Context Attributes,\n  specversion: 1.0\n  type: reply\n  source: /fn\n  id: r1\n  datacontenttype: application/json\nExtensions,\n  x: y\nData,\n  {\n    "ok": true\n  }\n',
    );
  });

  it('a status above 299 is an error with the status and the body', async () => {
    await expect(invokeFunction(`${url}fail`, { format: 'http', data: Buffer.alloc(0) })).rejects.toThrow(
      `failure invoking '${url}fail' (HTTP 503): not ready`,
    );
  });

  it('resolves *.localhost to loopback (local-mode Knative hosts)', async () => {
    const port = (server.address() as AddressInfo).port;
    const result = await invokeFunction(`http://hello.default.localhost:${port}/`, {
      format: 'http',
      data: Buffer.from('x'),
      contentType: 'text/plain',
    });
    expect(result.body.toString()).toBe('you sent text/plain');
    const seen = await new Promise((resolve) =>
      localhostLookup('a.b.localhost', {}, (_e, address) => resolve(address)),
    );
    expect(seen).toBe('127.0.0.1');
  });
});
