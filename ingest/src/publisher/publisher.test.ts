import { describe, expect, it } from 'vitest';
import { encodeAll } from './publisher.ts';

describe('encodeAll', () => {
  it('gives each text its own UTF-8 bytes, as views of one buffer', () => {
    const texts = ['{"a":1}', '', '{"t":"Zoë ✓ 😀"}', 'x'.repeat(5000)];
    const out = encodeAll(texts);
    expect(out.map((b) => b.toString('utf8'))).toEqual(texts);
    expect(out.map((b) => b.length)).toEqual(texts.map((t) => Buffer.byteLength(t)));
    expect(new Set(out.map((b) => b.buffer)).size).toBe(1);
  });
});
