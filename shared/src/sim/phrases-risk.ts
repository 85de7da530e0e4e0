/**
 * Risk mentions for the phrase bank, by risk code of the default data dictionary and by context.
 * `current` sentences are current risk in the household (ground truth: the code is flagged); the
 * others carry the same terms where a careful reader must NOT flag them: negated, hypothetical or
 * future, historical, or about someone outside the household (CONTRACT §5). Every sentence uses a
 * term of its code from the dictionary so the reader can find it (a test checks each one).
 * Slots as in phrases.ts.
 */
export type MentionContext = 'current' | 'negated' | 'hypothetical' | 'historical' | 'other';
export const NON_CURRENT: readonly MentionContext[] = ['negated', 'hypothetical', 'historical', 'other'];

export const RISK_PHRASES: Record<string, Record<MentionContext, readonly string[]>> = {
  suicide_self_harm: {
    current: [
      '{C} disclosed suicidal ideation this week and said {p} has thought about a method; a safety plan was completed together and the 988 number was put in {pos} phone.',
      '{C} became tearful and said {p} wants to die some days. Safety planning was done and the supervisor was consulted the same day.',
      '{C} reports cutting {self} on the forearm two nights ago; the wounds were shown and appear superficial. Referred to {clinic} for an urgent assessment.',
      'Endorses SI with a vague plan. {worker} stayed with {C} until the mobile team arrived.',
      '{child} told the school counselor about self-harm this week; {C} has locked away medications and sharps.',
      '{C} stated {p} has been thinking about suicide since the breakup and agreed to go to {clinic} for an evaluation today.',
    ],
    negated: [
      '{C} denies SI.',
      '{C} denied suicidal ideation when asked directly, and denies any thoughts of self-harm.',
      'Screened for suicide risk: negative for suicidal thoughts or plans.',
      'No evidence of self-harm was seen or reported.',
    ],
    hypothetical: [
      '{C} and {worker} reviewed what to do if suicidal thoughts return, and the 988 number is on the fridge.',
      'The safety plan covers who {C} would call should {p} ever feel suicidal again.',
    ],
    historical: [
      '{C} has a history of self-harm in {pos} teens, none in the past ten years.',
      'Prior suicide attempt in 2018 per the intake record; {C} says {p} has been stable since.',
      'History of suicidal ideation previously treated at {clinic}.',
    ],
    other: [
      '{C} said {pos} coworker attempted suicide last month and it has been on {pos} mind.',
      '{Pos} friend from church has been struggling with self-harm, and {C} has been trying to support her.',
    ],
  },
  violence: {
    current: [
      '{C} reports {p} punched a man at the bus stop on {day} after an argument and the police were called.',
      '{child} ({age}) has been fighting with other kids in the building this week and hit a younger child yesterday.',
      '{C} said {p} threatened to hurt the store manager after being accused of stealing.',
      '{C} admitted {p} assaulted a coworker during a shift and was sent home.',
      'Collateral from {school}: {child} brought a weapon to school on {day}, a small knife, and was sent home.',
    ],
    negated: [
      '{C} denies HI.',
      'No threats or weapons in the home; {C} denies any fighting.',
      '{C} denied having threatened to hurt anyone.',
    ],
    hypothetical: [
      '{C} worries the argument with the upstairs tenant could lead to a fight if it keeps going.',
      'Talked through what {C} would do in case someone threatened to hurt {obj} at work.',
    ],
    historical: [
      '{C} was fighting often in the past, none in years.',
      '{C} previously assaulted a roommate in 2015 and completed anger management classes.',
    ],
    other: [
      '{Pos} neighbor was assaulted in the parking lot last week, and {C} is shaken by it.',
      "{C}'s cousin was punched outside a bar on Saturday.",
    ],
  },
  domestic_violence: {
    current: [
      '{C} disclosed domestic violence by {pos} partner on Saturday night; a mark was visible on {pos} arm. The DV advocate was called and a safety plan was made.',
      '{C} said {pos} boyfriend has become abusive, taking {pos} money and deciding who {p} may see, in front of the children.',
      'Concerns of domestic violence in the home: {C} described {pos} husband grabbing {obj} by the throat and taking {pos} phone.',
      '{C} is filing for a protective order after the incident on {day}; the partner was still at the home yesterday.',
      '{C} described controlling behavior by {pos} partner: checking {pos} phone, keeping the car keys and the money.',
      'IPV screening positive today. {C} reports the partner grabbed {obj} by the throat during an argument last week.',
    ],
    negated: [
      'DV screen completed; {C} denies domestic violence and feels safe at home.',
      'No evidence of domestic violence was observed or reported.',
      '{C} denied any intimate partner violence with the current partner.',
    ],
    hypothetical: [
      '{C} knows how to get a protective order if the ex-partner comes back.',
      'Discussed a plan in case there is domestic violence again after he is released.',
    ],
    historical: [
      'History of DV with a former partner, none since 2019.',
      '{C} left a relationship with domestic violence years ago and has had no contact with that partner since.',
      "Prior restraining order against the children's father expired in 2020; {C} reports no contact.",
    ],
    other: [
      "{C}'s sister who lives across town is dealing with domestic violence, and {C} has been helping her find a lawyer.",
      '{Pos} neighbor is in an abusive relationship, and {C} called the police for her last week.',
    ],
  },
  child_safety: {
    current: [
      '{child} ({age}) was left alone in the apartment for several hours on {day} while {C} was at work.',
      "Observed bruising on {child}'s upper arm; {C} gave an explanation that did not fit the injury. Supervisor consulted and a hotline report was made.",
      'Signs of neglect in the home today: the children were in soiled clothes and there was spoiled food on the counter.',
      '{child} was unsupervised on the second-floor balcony when {worker} arrived.',
      'Unsafe sleep observed: the baby was sleeping on the couch with pillows and blankets. Safe sleep education provided again.',
      'A CPS report was made today after {child} told the teacher about being hit with a belt at home; the disclosure was of physical abuse.',
    ],
    negated: [
      'No evidence of neglect; the children were clean, fed and supervised.',
      'No bruises or marks were observed on the children.',
      'The school has no concerns of abuse, and {child} denied anyone at home hurting {cpos} body.',
      'No signs of abuse or neglect at this visit.',
    ],
    hypothetical: [
      'Discussed with {C} that leaving {child} unsupervised near the pool would be unsafe.',
      'Reviewed with {C} what would count as neglect if the older child is left in charge too often.',
    ],
    historical: [
      'Prior CPS involvement in 2017 for neglect, closed after services.',
      "History of abuse in {C}'s own childhood, previously addressed in therapy.",
      'The family had a hotline report years ago that was unsubstantiated.',
    ],
    other: [
      "{C} is worried about a neighbor's kids who are left alone a lot.",
      "{C} said {pos} friend's toddler had bruises and she has told the friend to call the pediatrician.",
    ],
  },
  substance_use: {
    current: [
      '{C} admitted {p} relapsed over the weekend after six months sober and is willing to return to treatment.',
      '{C} appeared intoxicated during the visit: slurred speech, unsteady on {pos} feet, and a smell of alcohol.',
      'The UA collected on {day} came back positive for fentanyl; {C} acknowledges use.',
      '{C} tested positive for methamphetamine at the clinic this week.',
      "{C}'s partner, who lives in the home, has been drinking daily and was drunk when {worker} arrived.",
      '{C} reports {p} has been using heroin again since losing the bed at the treatment program.',
    ],
    negated: [
      '{C} denies drinking or other drug use; the UA was negative.',
      'Random drug screen was negative; {C} denies any relapse.',
      'No signs that {C} was intoxicated at this visit.',
    ],
    hypothetical: [
      '{C} has a plan for what to do if cravings lead to drinking at the holiday gathering.',
      '{C} worries {p} might relapse when the stress at work builds.',
    ],
    historical: [
      'History of opioid use disorder, in recovery since 2020 and taking medication daily.',
      'History of drinking in the past; {C} has been sober for three years.',
      'Prior relapse in 2021, none since.',
    ],
    other: [
      "{Pos} neighbor's son is using meth and {C} is keeping the children away from that apartment.",
      '{C} said {pos} cousin relapsed and is no longer welcome to visit.',
      "Her neighbour's drinking keeps the building up at night.",
    ],
  },
  housing_instability: {
    current: [
      '{C} received an eviction notice on {day} after the building was sold and must leave by the end of the month.',
      'The family was evicted last week and is now staying in a shelter downtown.',
      '{C} and the children are couch surfing between relatives since leaving the apartment.',
      '{C} is homeless as of this week and sleeping in {pos} car.',
      'The family is doubled up with {pos} mother in a one-bedroom apartment after losing the lease.',
      '{C} received a notice to vacate from the property manager today.',
    ],
    negated: [
      '{C} has stable housing and is not at any current threat of eviction.',
      'No concerns of homelessness; the lease runs through next year.',
    ],
    hypothetical: [
      '{C} is worried about becoming homeless if the rent goes up again in {month}.',
      'The family is at risk of eviction if the rent owed is not paid by the end of the month.',
      'Discussed the shelter options in case the sale of the building goes through.',
    ],
    historical: [
      '{C} was homeless for a year in the past, before the current lease.',
      'Prior eviction in 2019; housed since then.',
      'History of shelter stays years ago when the children were small.',
    ],
    other: [
      '{Pos} friend who stays over some nights was evicted and is looking for a place.',
      "{C}'s aunt is staying in a shelter across town.",
    ],
  },
  food_insecurity: {
    current: [
      '{C} said the family ran out of food on {day} and the children have been skipping meals.',
      'The cupboards were bare and {C} reports the family ran out of food two days before payday.',
      '{C} has been relying on the food pantry every week because the SNAP benefit was cut.',
      '{child} told {worker} {p} was hungry and had not eaten since lunch at school.',
      'Food insecurity is a current concern; {C} is eating once a day so the children can eat.',
    ],
    negated: [
      'The family denies any food insecurity this month.',
      'Plenty of groceries in the kitchen; no concerns about hungry children.',
    ],
    hypothetical: [
      '{C} worries the family might need the food bank if the hours at work get cut.',
      'Gave {C} the food pantry list in case the SNAP renewal is delayed.',
    ],
    historical: [
      'Used the food bank in the past when {p} was out of work; not needed now.',
      'History of food insecurity during the pandemic, resolved once {p} got full-time work.',
    ],
    other: [
      '{C} has been sharing meals with {pos} neighbor, whose family ran out of food.',
      '{Pos} friend volunteers at the food pantry on Saturdays.',
    ],
  },
  medical: {
    current: [
      '{C} was hospitalized for two nights last week with chest pain and was discharged on {day}.',
      '{C} went to the emergency room on {day} for uncontrolled blood sugar.',
      '{C} has missed medication doses most days this week because the pharmacy refill lapsed.',
      '{C} stopped taking medication for {pos} blood pressure because of the side effects and has not told the doctor.',
      '{C} has been off {pos} meds for about two weeks and the symptoms are returning.',
      '{child} was taken to the ER on {day} with a high fever and an ear infection.',
    ],
    negated: [
      'No hospital visits since the last contact; {C} denies missed medication.',
      '{C} has not been to the emergency room this year.',
    ],
    hypothetical: [
      '{C} knows to go to the emergency room if the swelling gets worse.',
      'Discussed what would happen if {p} stopped taking medication without talking to the doctor.',
    ],
    historical: [
      '{C} was hospitalized in the past for asthma, last time in 2020.',
      'History of missed medication years ago, now managed with a pill organizer.',
    ],
    other: [
      '{Pos} neighbor was hospitalized last week and {C} has been feeding her cat.',
      "{C}'s coworker went to the emergency room after an injury at work.",
    ],
  },
  mental_health_crisis: {
    current: [
      '{C} was hallucinating during the visit, responding to voices and unable to follow the conversation; the crisis team was called.',
      '{C} was placed on an involuntary hold on {day} after a mental health crisis at home.',
      '{C} appeared manic today, talking fast, not sleeping for days and spending the rent money.',
      '{C} reports daily panic attacks this week, including one at work that sent {obj} home.',
      '{C} seemed psychotic at the office, pacing and saying people are watching {obj} through the walls.',
    ],
    negated: [
      'No signs of psychosis; {C} was oriented and calm.',
      '{C} denies panic attacks since starting the new medication.',
    ],
    hypothetical: [
      '{C} has the number for the crisis team in case symptoms return.',
      'Discussed what to do if {p} becomes manic again over the holidays.',
    ],
    historical: [
      'History of psychotic episodes in 2016, stable on medication since.',
      '{C} had an involuntary hold years ago and has done well since.',
    ],
    other: [
      '{Pos} cousin had a mental health crisis last week, and {C} went with her to the hospital.',
      "{C}'s friend has panic attacks and {C} has been supporting her.",
    ],
  },
  school_absence: {
    current: [
      '{child} has missed school {num} days this month and the school sent a truancy letter.',
      '{child} was suspended from school on {day} for three days.',
      '{child} is not attending school since the move and has not been enrolled at {school} yet.',
      'The attendance officer reports chronic absence for {child} this semester.',
    ],
    negated: [
      '{child} has not missed school this term per the attendance record.',
      'No truancy concerns; {child} has perfect attendance this month.',
    ],
    hypothetical: [
      '{C} worries {child} might be suspended from school if the behavior continues.',
      'Explained that chronic absence could lead to a truancy referral.',
    ],
    historical: [
      '{child} had truancy problems in the past at the old school.',
      '{child} was suspended from school last year, none this year.',
    ],
    other: [
      "{child}'s friend from the building is truant most days.",
      "{C}'s neighbor's daughter was suspended from school this week.",
    ],
  },
  legal: {
    current: [
      '{C} was arrested on {day} and spent the night in jail; the charge was driving without a license.',
      '{C} has a court date on {day} for the misdemeanor charge and is meeting with the public defender.',
      '{C} is on probation and met with the probation officer this week.',
      '{C} learned there is an outstanding warrant for unpaid fines and plans to turn {self} in.',
      "{C}'s partner, who lives in the home, was charged with theft last week.",
    ],
    negated: [
      'No new legal involvement; {C} denies any arrest since the last visit.',
      '{C} is not on probation or parole.',
    ],
    hypothetical: [
      '{C} worries a missed payment could lead to a warrant.',
      'Explained what would happen if {p} does not show up for the court date.',
    ],
    historical: [
      '{C} completed probation in 2021 and has had no legal issues since.',
      'Prior arrest years ago for shoplifting, record since expunged.',
    ],
    other: [
      '{Pos} neighbor was arrested in the building on {day}.',
      "{C}'s cousin is on parole and sometimes calls asking for money.",
    ],
  },
  financial_crisis: {
    current: [
      '{C} received a shut-off notice from the electric company on {day}.',
      '{C} is behind on rent by two months and owes late fees.',
      '{C} lost {pos} job at {employer} last week and the family has no income this month.',
      'The family is in arrears on the water bill and the utilities shut off on {day}.',
      '{C} has overdue bills piling up since the hours at work were cut and lost income of about half.',
    ],
    negated: ['No arrears on rent or utilities this month.', '{C} is not behind on rent and has paid the utilities.'],
    hypothetical: [
      '{C} worries about a shutoff notice if the bill is not paid by the {num}th.',
      '{C} could fall behind on rent if the overtime ends.',
    ],
    historical: [
      '{C} was behind on rent in the past, paid off last spring.',
      'History of utility arrears, cleared through energy assistance in 2022.',
    ],
    other: [
      '{Pos} sister who lives nearby lost her job and has asked to borrow money.',
      "{C}'s friend got a shut-off notice and {C} gave her the energy assistance number.",
    ],
  },
  caregiver_strain: {
    current: [
      '{C} said {p} feels overwhelmed caring for the children and {pos} mother at the same time.',
      "{C} was exhausted and tearful, saying {p} cannot cope with the baby's night waking.",
      "{C} reports {p} can't cope with {child}'s behavior after school and is yelling more.",
      '{C} described caregiver burnout from caring for {pos} father with dementia.',
    ],
    negated: [
      '{C} does not feel overwhelmed and says the new schedule works.',
      '{C} denies feeling exhausted and says {p} has plenty of help.',
    ],
    hypothetical: [
      '{C} worries {p} might get overwhelmed when the new baby arrives.',
      'Made a respite plan in case {C} becomes exhausted over the summer.',
    ],
    historical: [
      '{C} felt overwhelmed in the past when {child} was a baby; better now.',
      'Previously reported caregiver burnout, resolved with respite care.',
    ],
    other: [
      '{Pos} friend is overwhelmed caring for her own parents.',
      "{C}'s neighbor says she cannot cope with her teenagers.",
    ],
  },
};
