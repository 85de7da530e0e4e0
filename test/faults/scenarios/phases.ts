import { STRIKE } from '../support/backlog.ts';
import { splitAtMessages, type Workload } from '../support/workload.ts';
import type { CaseloadEvent } from '@caseload/shared';

/**
 * The ingest-path faults send a run in three parts: a head the processor works through first (so
 * ~12% is done), a middle sent while it is held back (so ≥ 10,000 messages wait, with margin),
 * and a tail sent during and after the fault.
 */
export interface Phases {
  head: CaseloadEvent[];
  middle: CaseloadEvent[];
  tail: CaseloadEvent[];
  headMessages: number;
}

export function phasesOf(w: Workload, headShare = 0.15, backlogMargin = 600): Phases {
  const headEnd = splitAtMessages(w, Math.ceil(w.messages * headShare));
  const headMessages = w.cumulative[headEnd - 1] ?? 0;
  const middleEnd = splitAtMessages(w, headMessages + STRIKE.minUnacked + backlogMargin);
  return {
    head: w.events.slice(0, headEnd),
    middle: w.events.slice(headEnd, middleEnd),
    tail: w.events.slice(middleEnd),
    headMessages,
  };
}
