import { TEST_NOTE_KEY } from '@caseload/shared/testing';

/**
 * Realistic note events of about 1.5 KB for the bench: several paragraphs of case-note prose from a
 * phrase bank, deterministic for a seed.
 */
const OPENERS = [
  'Home visit completed with mother and both children present.',
  'Phone contact with client regarding housing application status.',
  'Office visit; client arrived 20 minutes late and apologised.',
  'Video call with the family to review the safety plan agreed last week.',
  'Collateral contact with the school counsellor about attendance.',
];
const BODY = [
  'Client reports the landlord has issued a notice and she is worried about becoming homeless if the eviction goes ahead.',
  'Mother denies any current substance use and says she attended two recovery meetings this week.',
  'The older child appeared well cared for, clean clothing, and talked about football practice.',
  'Kitchen was stocked; worker observed food in the fridge and a schedule for meals on the wall.',
  'Client disclosed a history of DV with a previous partner, none since 2019, and has no contact with him.',
  'Partner was not present; client says he moved out last month and visits the children on Sundays.',
  'Discussed budgeting for utilities and referred to the emergency assistance fund for the overdue bill.',
  'Client expressed feeling overwhelmed but denies suicidal ideation and agreed to call the crisis line if needed.',
  'Younger child has a dental appointment next Tuesday; transport was arranged through the agency voucher.',
  'Worker reviewed the case plan goals and the client signed the updated plan.',
];
const CLOSERS = [
  'Next contact scheduled within seven days. Supervisor to be consulted on the housing referral.',
  'Follow up with the school next week; no immediate safety concerns identified at this visit.',
  'Plan: continue weekly visits, check on benefits application, and confirm the counselling intake date.',
];

function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 0x1_0000_0000;
  };
}

export function noteText(seed: number): string {
  const r = rng(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)]!;
  const paras = [pick(OPENERS) + ' ' + pick(BODY)];
  let text = paras[0]!;
  while (text.length < 1150) {
    paras.push(`${pick(BODY)} ${pick(BODY)}`);
    text = paras.join('\n\n');
  }
  paras.push(pick(CLOSERS));
  return paras.join('\n\n');
}

export function noteEvent(run: string, i: number, now: string) {
  const unit = `U${i % 500}`;
  return {
    specversion: '1.0',
    id: `${run}-${i}`,
    source: '/bench/cms',
    type: 'caseload.note.submitted',
    time: now,
    datacontenttype: 'application/json',
    data: {
      noteId: `${run}-n${i}`,
      caseId: `C${i % 7500}`,
      unitId: unit,
      workerId: `W${i % 5000}`,
      text: noteText(i + 1),
    },
  };
}

export const BENCH_NOTE_KEY = TEST_NOTE_KEY;
