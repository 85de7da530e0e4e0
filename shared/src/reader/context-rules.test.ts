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

  it('lets a trigger inside an opening prepositional phrase date the main clause', () => {
    expect(ctx('In March of last year, client was evicted from her apartment.', 'housing_instability')).toBe('P');
    expect(ctx('Until last spring, client was couch surfing with friends.', 'housing_instability')).toBe('P');
    // Only after a preposition that can open a time adverbial, and never "for" (it reaches up to now).
    expect(ctx('For the past year, client has been homeless.', 'housing_instability')).toBe('');
    expect(ctx('Last year, client was evicted.', 'housing_instability')).toBe('P');
  });

  it('reads the person after "by" in a harm term as the agent, not the victim', () => {
    expect(ctx("A woman in client's building was beaten by her husband last week.", 'domestic_violence')).toBe('O');
    expect(ctx('Client was beaten by her husband last week.', 'domestic_violence')).toBe('');
    expect(ctx('Her neighbor threatened mom.', 'violence')).toBe('');
  });

  it("reads the pronoun opening an outsider's report as the outsider", () => {
    expect(ctx("Youth's friend told the school counselor she wants to kill herself.", 'suicide_self_harm')).toBe('O');
    // A household member named in the report is who it is about.
    expect(ctx('The neighbor told worker she saw mom hit the kids.', 'child_safety')).toBe('');
    expect(ctx('Mom told her friend she is drinking again.', 'substance_use')).toBe('');
  });

  it('reads "her" before a thing as a determiner, not a victim', () => {
    expect(ctx("Client's adult daughter, who has her own apartment, is behind on her rent.", 'financial_crisis')).toBe(
      'O',
    );
    expect(ctx('A stranger hit her with a bottle.', 'violence')).toBe('');
    expect(ctx('A man attacked her outside the store.', 'violence')).toBe('');
  });

  it('places a relative who lives hours away outside the household', () => {
    expect(
      ctx('The paternal grandmother, who lives two hours away, reports that she is overwhelmed.', 'caregiver_strain'),
    ).toBe('O');
    expect(ctx('The paternal grandmother reports that she is overwhelmed.', 'caregiver_strain')).toBe('');
  });

  it('ends a negation at "and" with a noun subject and its verb', () => {
    expect(ctx('Mom has no job and the electric company sent a final disconnection notice.', 'financial_crisis')).toBe(
      '',
    );
    expect(ctx('No heat and the children were cold and hungry.', 'food_insecurity')).toBe('');
    // A noun phrase joined by "and" stays in scope.
    expect(ctx('Client denies drinking and the use of any drugs.', 'substance_use')).toBe('N');
  });

  it('knows further negation, hypothetical, historical and outsider phrases', () => {
    expect(ctx('The allegation of physical abuse was not supported by the investigation.', 'child_safety')).toBe('N');
    expect(ctx('Nothing in the session suggested psychosis.', 'mental_health_crisis')).toBe('N');
    expect(ctx("Client's blood alcohol level was zero.", 'substance_use')).toBe('N');
    expect(ctx('Client was calm and showed no aggression toward staff.', 'violence')).toBe('N');
    expect(ctx('Worker discussed warning signs of relapse with mom.', 'substance_use')).toBe('H');
    expect(ctx('Worker discussed the possibility of a shelter placement.', 'housing_instability')).toBe('H');
    expect(ctx('Client refused to answer questions about drug use.', 'substance_use')).toBe('H');
    expect(ctx('Worker explained that any further drug use could result in removal.', 'substance_use')).toBe('H');
    expect(ctx('Leaving the kids alone at night would be considered neglect.', 'child_safety')).toBe('H');
    expect(ctx("Client's electricity was shut off for a week back in March.", 'financial_crisis')).toBe('P');
    expect(ctx('Client was on suicide watch during her last incarceration.', 'suicide_self_harm')).toBe('P');
    expect(ctx('The downstairs tenant was arrested last night.', 'legal')).toBe('O');
    // A history ends where the sentence reports something new.
    expect(
      ctx(
        'Client has a history of suicide attempts and reported new thoughts of overdosing this week.',
        'suicide_self_harm',
      ),
    ).toBe('P');
    expect(
      readNote('Client has a history of suicide attempts and reported new thoughts of overdosing this week.')
        .filter((f) => f.current)
        .map((f) => f.code),
    ).toContain('suicide_self_harm');
    expect(ctx('Client has not been taking her meds and is hearing voices again.', 'medical')).toBe('');
  });

  it('keeps a household possessor of the mention as its experiencer after an outsider', () => {
    expect(ctx("The neighbor is worried about mom's drinking.", 'substance_use')).toBe('');
    expect(ctx("His manager is worried about participant's drinking.", 'substance_use')).toBe('');
    // A possessive before a person still names whose relative that person is.
    expect(ctx("Client's sister has been drinking.", 'substance_use')).toBe('O');
  });

  it('lets a historical phrase ending in "of" date only what follows it', () => {
    expect(
      ctx('Client has been housed for three years after a long period of homelessness.', 'housing_instability'),
    ).toBe('P');
    expect(ctx('Client relapsed on Saturday after eight months of sobriety.', 'substance_use')).toBe('');
  });

  it('reads a report by no one, a test that came to nothing and a near miss as not current', () => {
    expect(ctx('Neither child disclosed any abuse during the interview.', 'child_safety')).toBe('N');
    expect(ctx('The eviction never went through.', 'housing_instability')).toBe('N');
    expect(ctx('Client says the voices are gone.', 'mental_health_crisis')).toBe('N');
    expect(ctx('Client was almost evicted.', 'housing_instability')).toBe('H');
    expect(ctx('Client was evicted.', 'housing_instability')).toBe('');
    expect(ctx('The other parent in the carpool was driving drunk.', 'substance_use')).toBe('O');
    expect(ctx("Participant's manager was let go after a DUI.", 'legal')).toBe('O');
  });

  it('knows absence from school said with "not"', () => {
    expect(ctx('Mom admitted the kids have not been to school in two weeks.', 'school_absence')).toBe('');
  });

  it('knows teenage years as a past frame, and doubling up and overdoses in plain words', () => {
    expect(
      ctx(
        'Client discussed her teenage years. She ran away several times and slept on the streets.',
        'housing_instability',
      ),
    ).toBe('P');
    expect(ctx("Participant is sleeping at a friend's house.", 'housing_instability')).toBe('');
    expect(ctx('Client had taken a bottle of pills.', 'suicide_self_harm')).toBe('');
    // Visiting someone in the hospital is not a medical event of the household's.
    expect(ctx('Client visited her friend in the hospital.', 'medical')).toBe('none');
  });

  it("moves a relative with a home of their own outside the household, never the case's own person", () => {
    expect(ctx('Client has her own apartment and is behind on rent.', 'financial_crisis')).toBe('');
    expect(ctx('Client lives on her own and drinks daily.', 'substance_use')).toBe('');
    expect(ctx('Her son lives on his own and drinks daily.', 'substance_use')).toBe('O');
    expect(ctx("Dad's new girlfriend, who lives in her own apartment, has a DUI.", 'legal')).toBe('O');
  });

  it('reads people at large, in-laws and resources kept for a need as outside or hypothetical', () => {
    expect(
      ctx('Client says people in the encampment near her building are using needles.', 'housing_instability'),
    ).toBe('O');
    expect(ctx("Client's daughter-in-law is in a shelter after leaving her husband.", 'housing_instability')).toBe('O');
    expect(ctx('Client was given the number of a detox program to call if needed.', 'substance_use')).toBe('H');
    expect(ctx('Mom was reminded that physical discipline is not allowed in foster homes.', 'child_safety')).not.toBe(
      '',
    );
    expect(ctx('Worker explained how to recognize an overdose.', 'substance_use')).toBe('H');
    expect(readNote('Client was given a crisis line card.').filter((f) => f.current)).toEqual([]);
  });

  it('dates what happened when a child was born or during the pandemic', () => {
    expect(ctx('When the twins were born, mom tested positive for marijuana.', 'substance_use')).toBe('P');
    expect(ctx('Mom tested positive for marijuana.', 'substance_use')).toBe('');
    expect(ctx('Client fell behind on rent during the pandemic.', 'financial_crisis')).toBe('P');
    const flagged = readNote(
      'Client reports no suicidal thoughts until this week, when she started planning an overdose.',
    )
      .filter((f) => f.current)
      .map((f) => f.code);
    expect(flagged).toEqual(['suicide_self_harm']);
  });

  it('knows NegEx and ConText phrases missing before: absent, anticipated, as an infant', () => {
    expect(ctx('Hallucinations were absent.', 'mental_health_crisis')).toBe('N');
    expect(ctx('Client was absent from school three days.', 'school_absence')).toBe('');
    expect(ctx('Mom anticipates a relapse over the holidays.', 'substance_use')).toBe('H');
    expect(ctx('Client was placed in foster care as an infant.', 'child_safety')).toBe('P');
  });

  it('dates what came before a child came to live here, and reads teaching the signs of harm as hypothetical', () => {
    expect(
      ctx(
        "The children were exposed to domestic violence in their father's home before they came to live with mom.",
        'domestic_violence',
      ),
    ).toBe('P');
    expect(ctx('Worker reviewed the signs of child sexual abuse with the foster parents.', 'child_safety')).toBe('H');
    expect(ctx('A teacher at the school was arrested for DUI.', 'legal')).toBe('O');
    expect(ctx('The children said they are often alone at night while mom works.', 'child_safety')).toBe('');
  });

  it('reads "no new reports of" as a negation and "no food shortage" as no mention', () => {
    expect(ctx('There have been no new reports of physical discipline.', 'child_safety')).toBe('N');
    expect(ctx('There have been new reports of physical discipline.', 'child_safety')).toBe('');
    expect(readNote('There is no food shortage in the home; the pantry and fridge were stocked.')).toEqual([]);
    expect(readNote('Mom missed the last three family visits.').map((f) => f.code)).toContain('engagement');
  });
});
