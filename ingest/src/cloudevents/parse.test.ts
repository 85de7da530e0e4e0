import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { HttpError } from '../http-error.ts';
import { decodeText, modeOf, parseBody, parseContentType, splitBatch } from './parse.ts';

const refusal = (f: () => unknown): HttpError => {
  try {
    f();
  } catch (e) {
    if (e instanceof HttpError) return e;
    throw e;
  }
  throw new Error('expected a refusal');
};

describe('modeOf', () => {
  it('reads the mode from Content-Type and ce- headers', () => {
    expect(modeOf({ 'content-type': 'application/cloudevents+json' })).toBe('structured');
    expect(modeOf({ 'content-type': 'Application/CloudEvents-Batch+JSON; charset=UTF-8' })).toBe('batch');
    expect(modeOf({ 'content-type': 'application/json' })).toBe('structured');
    expect(modeOf({ 'content-type': 'application/json', 'ce-specversion': '1.0' })).toBe('binary');
  });

  it('415 for other media types, none, or a non-UTF-8 charset', () => {
    for (const ct of ['text/plain', undefined, 'application/xml', 'application/json; charset=latin1'])
      expect(refusal(() => modeOf({ 'content-type': ct })).status).toBe(415);
  });

  it('parses parameters', () => {
    expect(parseContentType('application/json ; charset="utf-8"')).toEqual({
      type: 'application/json',
      charset: 'utf-8',
    });
  });
});

describe('parseBody', () => {
  const body = (v: unknown) => Buffer.from(JSON.stringify(v));

  it('binary mode builds the event from ce- headers, percent-decoded', () => {
    const { events } = parseBody('binary', body({ a: 1 }), {
      'ce-specversion': '1.0',
      'ce-id': 'x',
      'ce-source': '/caf%C3%A9',
      'ce-type': 't',
      'ce-time': 'now',
    });
    expect(events).toEqual([
      {
        specversion: '1.0',
        id: 'x',
        source: '/café',
        type: 't',
        time: 'now',
        datacontenttype: 'application/json',
        data: { a: 1 },
      },
    ]);
  });

  it('batch must be an array of 1 to 1000', () => {
    expect(parseBody('batch', body([1, 2]), {}).events).toEqual([1, 2]);
    expect(refusal(() => parseBody('batch', body({}), {})).error).toBe('invalid_batch');
    expect(refusal(() => parseBody('batch', body([]), {})).error).toBe('invalid_batch');
    expect(refusal(() => parseBody('batch', body(new Array(1001).fill(0)), {})).error).toBe('invalid_batch');
  });

  it('malformed JSON names the position, never the content', () => {
    const e = refusal(() => parseBody('structured', Buffer.from('{"text": "very private words" oops}'), {}));
    expect(e.status).toBe(400);
    expect(e.error).toBe('malformed_json');
    expect(e.message).toMatch(/position \d+/);
    expect(e.message).not.toContain('private');
    expect(refusal(() => parseBody('structured', Buffer.alloc(0), {})).error).toBe('malformed_json');
  });
});

describe('decodeText', () => {
  it('reads ASCII and non-ASCII UTF-8 alike', () => {
    for (const text of ['{"a":"plain"}', '{"a":"Zoë — café, 日本, 🙂"}', ''])
      expect(decodeText(Buffer.from(text, 'utf8'))).toBe(text);
    expect(parseBody('structured', Buffer.from('{"name":"Zoë"}'), {}).events).toEqual([{ name: 'Zoë' }]);
  });
});

describe('splitBatch', () => {
  const parseWhole = (text: string): unknown => {
    try {
      return JSON.parse(text);
    } catch {
      return undefined;
    }
  };

  it('gives exactly what JSON.parse gives for any JSON array, however spaced', () => {
    fc.assert(
      fc.property(fc.array(fc.jsonValue()), fc.boolean(), (arr, spaced) => {
        const text = JSON.stringify(arr, null, spaced ? 2 : undefined);
        expect(splitBatch(Buffer.from(text))).toEqual(JSON.parse(text));
      }),
    );
  });

  it('never accepts what JSON.parse refuses, and agrees whenever it answers', () => {
    const jsonish = fc.stringMatching(/^[[\]{}",:\\ a-z0-9é\n-]{0,40}$/);
    const mutated = fc
      .tuple(fc.array(fc.jsonValue(), { maxLength: 4 }), fc.nat(), fc.constantFrom('', ',', ']', '}', '"', '\\', ' x'))
      .map(([arr, at, insert]) => {
        const text = JSON.stringify(arr);
        const i = at % (text.length + 1);
        return text.slice(0, i) + insert + text.slice(i);
      });
    fc.assert(
      fc.property(fc.oneof(jsonish, mutated), (text) => {
        const split = splitBatch(Buffer.from(text));
        if (split !== undefined) expect(split).toEqual(parseWhole(text));
      }),
      { numRuns: 2000 },
    );
  });

  it('hands back undefined for what it does not handle, so the whole parse names the error', () => {
    for (const text of ['{"a":1}', '[1,2}', '[1,]', '[,1]', '[1 2]', '["unterminated]', '[1] x', '['])
      expect(splitBatch(Buffer.from(text))).toBeUndefined();
    expect(splitBatch(Buffer.from(' [ ] '))).toEqual([]);
    expect(splitBatch(Buffer.from('[{"t":"Zoë \\"quoted\\" ]"}, [1,[2]]]'))).toEqual([
      { t: 'Zoë "quoted" ]' },
      [1, [2]],
    ]);
  });

  it('batch mode still names the position of a JSON error', () => {
    expect(refusal(() => parseBody('batch', Buffer.from('[{"a":1},{"b":1 x}]'), {})).message).toMatch(/position 16/);
  });
});
