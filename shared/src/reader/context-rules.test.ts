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

describe('ConText rules for time, people and scope', () => {
  it('dates a mention by a time of life or a period that is over', () => {
    expect(ctx('He was in juvenile hall when he was 14.', 'legal')).toBe('P');
    expect(ctx('At age 15, she ran away and slept in a park.', 'housing_instability')).toBe('P');
    expect(ctx('She slept in shelters for two years after leaving home.', 'housing_instability')).toBe('P');
    expect(ctx('She has slept in shelters for two years.', 'housing_instability')).toBe('');
    expect(ctx('Dad drank every day until his heart attack.', 'substance_use')).toBe('P');
    expect(ctx('Mom was beaten by her husband in her first marriage.', 'domestic_violence')).toBe('P');
    expect(ctx('When she was pregnant with her son, mom smoked crack.', 'substance_use')).toBe('P');
    // "until" closes what came before it, not what follows.
    expect(ctx('Dad was sober until last month when he started drinking again.', 'substance_use')).toBe('');
    expect(ctx('He was on probation back in the 1990s.', 'legal')).toBe('P');
  });

  it('takes "since <time>" as the start of something still going on', () => {
    expect(ctx('Client has been homeless since last spring.', 'housing_instability')).toBe('');
    expect(ctx('Dad has been drinking more since his brother died.', 'substance_use')).toBe('');
    expect(ctx('Client was homeless last spring.', 'housing_instability')).toBe('P');
  });

  it('lets a historical phrase that holds a mention date it', () => {
    expect(ctx('She got a DUI in college.', 'education')).toBe('P');
  });

  it('gives "her kids" after an outsider to the outsider, unless someone else is named between', () => {
    expect(ctx("Client's cousin and her kids are living in a shelter.", 'housing_instability')).toBe('O');
    expect(ctx("Client's cousin lets her kids wander the halls unsupervised.", 'child_safety')).toBe('O');
    expect(ctx("Client's cousin helps her with her kids, who were left unsupervised.", 'child_safety')).toBe('');
  });

  it('places a former partner outside the household, except in harm between partners', () => {
    expect(ctx("Mom's ex-husband was arrested for robbery.", 'legal')).toBe('O');
    expect(ctx("Mom's former boyfriend is stalking her.", 'domestic_violence')).toBe('');
    expect(ctx("Mom's ex's new wife is using heroin.", 'substance_use')).toBe('O');
  });

  it('counts harm to a household member named in the term or as "the client\'s son"', () => {
    expect(ctx('Her ex-boyfriend, who lives in another city, drove over and hit her.', 'domestic_violence')).toBe('');
    expect(ctx("Her neighbor's boyfriend hit her.", 'domestic_violence')).toBe('O');
    expect(ctx("A stranger punched the client's daughter at the mall.", 'violence')).toBe('');
    expect(ctx("A stranger punched the client's neighbor at the mall.", 'violence')).toBe('O');
    expect(ctx('The man next door threatened mom with a knife.', 'violence')).toBe('');
  });

  it('reads "<outsider> of the client" as the outsider', () => {
    expect(ctx('A friend of the client was evicted.', 'housing_instability')).toBe('O');
  });

  it('ends a negation at a second predicate or a new subject after "and"', () => {
    expect(ctx('Dad is not working and cannot pay the gas bill.', 'financial_crisis')).toBe('');
    expect(ctx('Mom has no car and worker has been unable to reach her.', 'engagement')).toBe('');
    expect(ctx('Mom denies drinking and drug use.', 'substance_use')).toBe('N');
  });

  it('lets a trigger reach a risk mention over a theme word', () => {
    expect(ctx('His drug screen for the warehouse job was negative.', 'substance_use')).toBe('N');
  });

  it('lets an opening conditional govern a long consequent', () => {
    expect(
      ctx(
        'If the back rent is not paid in full by the first of next month, the owner will file for eviction.',
        'housing_instability',
      ),
    ).toBe('H');
  });

  it('reads pseudo-negations and resolution words as such', () => {
    expect(ctx('Mom could not explain the welts on his legs.', 'child_safety')).toBe('');
    expect(ctx("Client's SI has not resolved.", 'suicide_self_harm')).toBe('');
    expect(ctx('The assault charge was dismissed.', 'legal')).toBe('N');
    expect(ctx('Youth has had zero suspensions.', 'school_absence')).toBe('N');
    expect(ctx('Client was a no-show for group.', 'engagement')).toBe('');
    expect(ctx('Dad was a heavy drinker.', 'substance_use')).toBe('P');
  });

  it('reads concerns, screenings and advice as hypothetical', () => {
    expect(ctx('Worker has concerns that dad is drinking again.', 'substance_use')).toBe('H');
    expect(ctx('Staff will screen the youth for self-harm.', 'suicide_self_harm')).toBe('H');
    expect(ctx('Client was advised to go to urgent care if the pain returns.', 'medical')).toBe('H');
    expect(ctx('There is a risk that the family will be evicted.', 'housing_instability')).toBe('H');
  });

  it('lets a sentence that only sets a past time frame the simple-past sentence after it', () => {
    expect(ctx('We talked about her childhood. Her stepfather drank every night.', 'substance_use')).toBe('P');
    // Something near now, or a frame sentence with a mention of its own, does not carry.
    expect(ctx('We talked about her childhood. Her stepfather drank last night.', 'substance_use')).toBe('');
    expect(ctx('She has a history of DV. Her boyfriend drank and hit her.', 'substance_use')).toBe('');
    expect(ctx('We talked about her childhood. Her stepfather drinks every night.', 'substance_use')).toBe('');
  });

  it('reads gas as a utility unless it is fuel', () => {
    expect(readNote('Her gas was shut off on Monday.').map((f) => f.code)).toEqual(['financial_crisis']);
    expect(ctx('She has no money for gas to get to work.', 'transportation')).toBe('');
  });

  it('takes stopping, quitting or leaving as presupposing what is stopped is going on', () => {
    expect(ctx('Client wants to stop drinking.', 'substance_use')).toBe('');
    expect(ctx('Client hopes to leave the shelter by June.', 'housing_instability')).toBe('');
    expect(ctx('Client hopes to avoid the shelter.', 'housing_instability')).toBe('H');
    // What someone stopped doing is in the past.
    expect(ctx('Dad stopped drinking when his daughter was born.', 'substance_use')).toBe('P');
  });

  it('places a grown child living on his own outside the household', () => {
    expect(ctx("Client's son, who lives on his own, was arrested.", 'legal')).toBe('O');
  });
});
