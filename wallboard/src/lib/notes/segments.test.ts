import { describe, expect, it } from 'vitest';
import { segments } from './segments.ts';

describe('note paragraph segments', () => {
  const text = 'Mother disclosed that her partner hit her last week.';

  it('marks each finding and keeps every character once, in order', () => {
    const start = text.indexOf('partner hit her');
    const out = segments(text, [{ start, end: start + 15, finding: 'dv' }]);
    expect(out.map((s) => s.text).join('')).toBe(text);
    expect(out.filter((s) => s.findings.length).map((s) => s.text)).toEqual(['partner hit her']);
  });

  it('merges overlapping findings into one mark that holds both', () => {
    const out = segments(text, [
      { start: 0, end: 16, finding: 'a' },
      { start: 7, end: 25, finding: 'b' },
    ]);
    expect(out[0]).toEqual({ text: text.slice(0, 25), findings: ['a', 'b'] });
    expect(out.map((s) => s.text).join('')).toBe(text);
  });

  it('drops empty or out-of-range spans and clips the rest', () => {
    const out = segments('short', [
      { start: 3, end: 3, finding: 'empty' },
      { start: 2, end: 99, finding: 'clipped' },
    ]);
    expect(out).toEqual([
      { text: 'sh', findings: [] },
      { text: 'ort', findings: ['clipped'] },
    ]);
  });

  it('treats markup in a note as plain text', () => {
    const out = segments('<script>x</script>', []);
    expect(out).toEqual([{ text: '<script>x</script>', findings: [] }]);
  });
});
