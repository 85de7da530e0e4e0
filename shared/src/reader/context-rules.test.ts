import { describe, expect, it } from 'vitest';
import { readNote } from './read-note.ts';

/** The context of the first finding of `code`, as letters: N negated, H hypothetical, P past, O other. */
function ctx(text: string, code: string): string {
  const f = readNote(text).find((x) => x.code === code);
  if (!f) return 'none';
  const c = f.context;
  return `${c.negated ? 'N' : ''}${c.hypothetical ? 'H' : ''}${c.historical ? 'P' : ''}${c.experiencer === 'other' ? 'O' : ''}`;
}

describe('ConText rules', () => {
  it('ends a historical scope where the sentence turns to the present', () => {
    expect(ctx('Participant had a DUI ten years ago and has a valid license now.', 'transportation')).toBe('');
    expect(ctx('Client was sober for two years but is drinking again.', 'substance_use')).toBe('');
  });

  it('lets a fronted time adverbial date its whole main clause', () => {
    expect(ctx('As a child, client was placed in foster care.', 'child_safety')).toBe('P');
    expect(ctx('Client was placed in foster care.', 'child_safety')).toBe('');
  });

  it('keeps the reporter as experiencer when she reports her own condition', () => {
    expect(ctx('Her sister reports her own depression and panic attacks.', 'mental_health_crisis')).toBe('O');
    expect(ctx("Mom's sister reports that mom has panic attacks.", 'mental_health_crisis')).toBe('');
  });

  it('places a relative elsewhere outside the household, with whoever lives there with them', () => {
    expect(ctx("Mom's mother, who lives in Florida, was hospitalized last week.", 'medical')).toBe('O');
    expect(ctx("Client's son, who lives in Denver with his wife, was just evicted.", 'housing_instability')).toBe('O');
    expect(ctx("Client's son was just evicted.", 'housing_instability')).toBe('');
    expect(ctx("Dad's girlfriend, who does not live with the family, was charged with DUI.", 'legal')).toBe('O');
  });

  it('reads an opening pronoun as the person named in the sentence before', () => {
    expect(ctx("Client's neighbor stopped by. He was evicted last week.", 'housing_instability')).toBe('O');
    expect(ctx("Mom's boyfriend was at the home. He smelled of alcohol.", 'substance_use')).toBe('');
  });

  it('reads resolution, trailing "in case" and a negated report as not current', () => {
    expect(ctx('Client reports the hallucinations have stopped since the medication change.', 'medical')).toBe('none');
    expect(ctx('Client reports the hallucinations have stopped.', 'mental_health_crisis')).toBe('N');
    expect(ctx('Worker gave mom the number for the shelter in case she needs to leave.', 'housing_instability')).toBe(
      'H',
    );
    expect(readNote('The hotline report of neglect was unfounded.').filter((f) => f.current)).toEqual([]);
  });

  it('takes a worry about what a named person does as something going on', () => {
    expect(ctx("Mom is worried about her son's drinking.", 'substance_use')).toBe('');
    expect(ctx('Client is worried about becoming homeless.', 'housing_instability')).toBe('H');
  });

  it('lets a trigger that holds a whole mention date the others', () => {
    expect(ctx('Client drank heavily in college.', 'substance_use')).toBe('P');
  });

  it('reads the future and plans as hypothetical', () => {
    expect(ctx('Participant will be homeless in two weeks when his lease ends.', 'housing_instability')).toBe('H');
    expect(ctx('Client and her kids plan to move into a shelter next month.', 'housing_instability')).toBe('H');
  });
});
