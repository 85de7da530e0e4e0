import { describe, expect, it } from 'vitest';
import { loadDictionary } from '@caseload/shared';
import { readNoteFindings } from './read-note-findings.ts';

describe('readNoteFindings', () => {
  const dict = loadDictionary();

  it('keeps spans and context but never the note text', () => {
    const text = 'Client received an eviction notice today.\n\nShe denies suicidal ideation.';
    const findings = readNoteFindings(text, dict);
    const eviction = findings.find((f) => f.code === 'housing_instability');
    expect(eviction).toMatchObject({ kind: 'risk', paragraph: 0, current: true });
    expect(text.slice(eviction!.start, eviction!.end).toLowerCase()).toContain('eviction');
    expect(findings.find((f) => f.code === 'suicide_self_harm')?.current).toBe(false);
    for (const f of findings) {
      expect(Object.keys(f).sort()).toEqual([
        'code',
        'context',
        'current',
        'end',
        'kind',
        'paragraph',
        'source',
        'start',
      ]);
    }
  });
});
