import { CloudEvent } from 'cloudevents';
import { errorReply, replyFor } from './response';

const TEXT = 'text/plain; charset=utf-8';
const JSON_TYPE = 'application/json; charset=utf-8';

describe('replyFor: every return shape of a function', () => {
  it.each([
    ['undefined', undefined, 204, undefined, ''],
    ['null', null, 204, undefined, ''],
    ['an empty string', '', 204, undefined, ''],
    ['zero', 0, 204, undefined, ''],
    ['false', false, 204, undefined, ''],
    ['a string', 'hello', 200, TEXT, 'hello'],
    ['an object without body', { a: 1 }, 200, JSON_TYPE, '{"a":1}'],
    ['an array', [1, 2], 200, JSON_TYPE, '[1,2]'],
    ['a number', 42, 200, JSON_TYPE, '42'],
    ['a structured string body', { body: 'made', statusCode: 201 }, 201, TEXT, 'made'],
    ['a structured object body', { body: { ok: true } }, 200, JSON_TYPE, '{"ok":true}'],
    ['a structured empty-string body', { body: '', statusCode: 202 }, 202, TEXT, ''],
    [
      'statusCode and headers without body (faas-js sends the object)',
      { statusCode: 409 },
      409,
      JSON_TYPE,
      '{"statusCode":409}',
    ],
    ['an invalid statusCode', { body: 'x', statusCode: 99 }, 200, TEXT, 'x'],
  ])('%s', (_name, value, status, contentType, body) => {
    const reply = replyFor(value);
    expect(reply.statusCode).toBe(status);
    expect(reply.headers['content-type']).toBe(contentType);
    expect(String(reply.body)).toBe(body);
  });

  it('a Buffer, returned or as body, is sent as application/octet-stream', () => {
    expect(replyFor(Buffer.from('ab'))).toEqual({
      statusCode: 200,
      headers: { 'content-type': 'application/octet-stream' },
      body: Buffer.from('ab'),
    });
    expect(replyFor({ body: Buffer.from('cd') }).headers['content-type']).toBe('application/octet-stream');
  });

  it('user headers are lower-cased and win over the defaults', () => {
    const reply = replyFor({ body: '<p/>', headers: { 'Content-Type': 'text/html', 'X-Trace': 7 } });
    expect(reply.headers).toEqual({ 'content-type': 'text/html', 'x-trace': 7 });
  });

  it('a CloudEvent is sent in binary mode: ce-* headers, datacontenttype, data as the body', () => {
    const event = new CloudEvent({
      id: 'e1',
      source: '/fn',
      type: 'fn.response',
      data: { message: 'OK' },
      myext: 'v',
    });
    const reply = replyFor(event);
    expect(reply.statusCode).toBe(200);
    expect(reply.headers).toMatchObject({
      'ce-id': 'e1',
      'ce-source': '/fn',
      'ce-type': 'fn.response',
      'ce-specversion': '1.0',
      'ce-myext': 'v',
      'content-type': 'application/json',
    });
    expect(JSON.parse(String(reply.body))).toEqual({ message: 'OK' });
  });

  it('header values a CloudEvent cannot carry raw are percent-encoded', () => {
    const reply = replyFor(new CloudEvent({ id: '1', source: '/s', type: 't', subject: 'naïve "q" 100%' }));
    expect(reply.headers['ce-subject']).toBe('na%C3%AFve %22q%22 100%25');
  });
});

describe('errorReply', () => {
  it.each([
    ['an Error', new Error('boom'), 500, 'boom'],
    ['an HTTP status in err.code', Object.assign(new Error('teapot'), { code: 418 }), 418, 'teapot'],
    ['an HTTP status in err.statusCode', Object.assign(new Error('gone'), { statusCode: 410 }), 410, 'gone'],
    ['a non-HTTP err.code', Object.assign(new Error('no file'), { code: 'ENOENT' }), 500, 'no file'],
    ['a thrown string', 'plain', 500, 'plain'],
  ])('%s', (_name, err, status, body) => {
    expect(errorReply(err)).toEqual({
      statusCode: status,
      headers: { 'content-type': 'text/plain; charset=utf-8' },
      body,
    });
  });
});
