/**
 * The processor's state per partition, as plain records that serialise one by one (so a checkpoint
 * writes only what changed). Short field names keep county-scale state small in memory and in Redis.
 */

export interface SiteRec {
  name: string;
  tz: string;
}

export interface UnitRec {
  siteId: string;
  name: string;
  supervisorId?: string;
  wallShowsNames: boolean;
}

export interface WorkerRec {
  unitId: string;
  name: string;
  displayName: string;
  capacity: number;
  tracks: string[];
  active: boolean;
  /** When the worker first appeared (overdue clocks start there). */
  sinceMs?: number;
  /** [fromMs, toMs] periods of absence. */
  absences: [number, number][];
  lastSupervisionMs?: number;
  lastContactMs?: number;
  /** Last day whose open-case exposure was sampled into the worker's cells. */
  sampledDay?: number;
}

export interface CaseRec {
  clientId: string;
  unitId: string;
  track: string;
  factors: string[];
  complexity: number;
  workerId: string | null;
  cadenceDays: number;
  open: boolean;
  openedMs: number;
  lastContactMs?: number;
  /** Arrived by a transfer before its details were known here: details come from Redis. */
  pending?: boolean;
}

/** A risk finding kept as evidence: [code, paragraph, start, end]. */
export type EvidenceTuple = [string, number, number, number];

export interface NoteRec {
  c: string;
  w: string;
  u: string;
  /** event time (ms) and its day in the site's zone */
  t: number;
  d: number;
  /** stratum (track|band) of the case when the note was written */
  s: string;
  k?: string;
  /** 0 counted, 1 retracted */
  x: 0 | 1;
  /** distinct current risk codes, distinct themes */
  r: string[];
  h: string[];
  /** 1 late, 0 on time, -1 no contact time known */
  l: -1 | 0 | 1;
  e: EvidenceTuple[];
  /** Stream sequence of the event whose text the findings read (an LLM refinement must name it). */
  v?: number;
}

export const OUTCOMES = ['completed', 'attempted', 'no_show', 'cancelled'] as const;
export type Outcome = (typeof OUTCOMES)[number];

export interface ContactRec {
  c: string;
  w: string;
  u: string;
  t: number;
  d: number;
  s: string;
  /** index into OUTCOMES */
  o: number;
  cr: 0 | 1;
  /** a note documented it */
  nd: 0 | 1;
}

/** One worker × day × stratum: every counter the windows and drift dimensions need. */
export interface Cell {
  /** notes, current risk flags (distinct codes per note), notes with contact time, late notes */
  n: number;
  r: number;
  dl: number;
  lt: number;
  /** contacts by outcome (OUTCOMES order), crisis contacts */
  oc: [number, number, number, number];
  cr: number;
  /** open cases sampled on that day */
  cs: number;
  /** notes per current risk code / theme */
  cd: Record<string, number>;
  th: Record<string, number>;
}

export function emptyCell(): Cell {
  return { n: 0, r: 0, dl: 0, lt: 0, oc: [0, 0, 0, 0], cr: 0, cs: 0, cd: {}, th: {} };
}

export interface Meta {
  maxEventMs: number;
  /** JetStream sequence of the last applied message. */
  seq: number;
}
