import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { makeKeyring, openText, sealText, NoteDecryptError, keyIdOf } from './note-crypto.ts';
import { TEST_NOTE_KEY, TEST_OLD_NOTE_KEY } from '../testing/env.ts';

describe('note text encryption', () => {
  const ring = makeKeyring(TEST_NOTE_KEY);

  it('round-trips any text and never shows it in the sealed value', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 4, maxLength: 2000, unit: 'grapheme' }), (text) => {
        const sealed = sealText(text, ring);
        expect(openText(sealed, ring)).toBe(text);
        expect(sealed.includes(text)).toBe(false);
      }),
      { numRuns: 300 },
    );
  });

  it('carries the key id so old notes stay readable after a rotation', () => {
    const old = makeKeyring(TEST_OLD_NOTE_KEY);
    const sealedWithOld = sealText('Client reports an eviction notice.', old);
    expect(sealedWithOld).toContain(keyIdOf(Buffer.from(TEST_OLD_NOTE_KEY, 'hex')));
    const rotated = makeKeyring(TEST_NOTE_KEY, [TEST_OLD_NOTE_KEY]);
    expect(openText(sealedWithOld, rotated)).toBe('Client reports an eviction notice.');
    expect(() => openText(sealedWithOld, ring)).toThrow(NoteDecryptError);
  });

  it('rejects a tampered ciphertext', () => {
    const sealed = sealText('hello there', ring);
    const last = sealed.at(-2) === 'A' ? 'B' : 'A';
    const tampered = sealed.slice(0, -2) + last + sealed.at(-1);
    expect(() => openText(tampered, ring)).toThrow(NoteDecryptError);
  });

  it('refuses keys that are not 256-bit hex', () => {
    expect(() => makeKeyring('abc')).toThrow(/NOTE_ENCRYPTION_KEY/);
  });
});
