import { describe, expect, it } from 'vitest';
import { buildNoteView, quoteOf, splitParagraphs } from './note-view.ts';

describe('splitParagraphs', () => {
  it('splits on blank lines and keeps offsets into the whole text', () => {
    const text = 'First one.\n\nSecond  one.\r\n \r\nThird.\n\n\n';
    const ps = splitParagraphs(text);
    expect(ps.map((p) => p.text)).toEqual(['First one.', 'Second  one.', 'Third.']);
    for (const p of ps) expect(text.slice(p.start, p.end)).toBe(p.text);
  });

  it('keeps single line breaks inside a paragraph', () => {
    expect(splitParagraphs('a\nb\n\nc').map((p) => p.text)).toEqual(['a\nb', 'c']);
  });
});

describe('buildNoteView', () => {
  it('places findings in their paragraph with local offsets and the quote', () => {
    const text = 'Visit done.\n\nShe said <script>alert(1)</script> was a joke.';
    const start = text.indexOf('<script>');
    const view = buildNoteView(
      {
        noteId: 'N',
        caseId: 'C',
        unitId: 'U',
        workerId: 'W',
        time: '2026-11-24T08:00:00Z',
        sealedText: 'enc:v1:x',
        dictionaryVersion: '1',
        status: 'current',
        findings: [
          {
            code: 'x',
            kind: 'theme',
            paragraph: 1,
            start,
            end: start + 8,
            current: true,
            context: { negated: false, hypothetical: false, historical: false, experiencer: 'client' },
            source: 'builtin',
          },
        ],
      },
      text,
    );
    const f = view.paragraphs[1]!.findings[0]!;
    expect(f.quote).toBe('<script>');
    expect(view.paragraphs[1]!.text.slice(f.localStart, f.localEnd)).toBe('<script>');
    expect(view.paragraphs[0]!.findings).toEqual([]);
  });

  it('quotes nothing for a span outside the text', () => {
    expect(quoteOf('abc', 2, 9)).toBe('');
  });
});
