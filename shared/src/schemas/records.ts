import { z } from 'zod';
import { Evidence, Signal, SignalStatus } from './views.ts';

/**
 * Records the processor keeps in Redis for the wallboard's drill-down (keys in contracts/subjects.ts
 * `redisKeys`), and the small messages the two exchange on NATS. The wallboard never writes views.
 */

/** A finding as stored: a span of the note, never its text. */
export const StoredFinding = z.object({
  code: z.string(),
  kind: z.enum(['risk', 'theme']),
  paragraph: z.number().int().min(0),
  start: z.number().int().min(0),
  end: z.number().int().min(0),
  current: z.boolean(),
  context: z.object({
    negated: z.boolean(),
    hypothetical: z.boolean(),
    historical: z.boolean(),
    experiencer: z.enum(['client', 'other']),
  }),
  source: z.enum(['builtin', 'llm']).default('builtin'),
});

/** `note:<noteId>`: the sealed text (AES-256-GCM, see crypto/) and where each finding sits. */
export const NoteRecord = z.object({
  noteId: z.string(),
  caseId: z.string(),
  unitId: z.string(),
  workerId: z.string(),
  siteId: z.string().optional(),
  time: z.string(),
  contactTime: z.string().optional(),
  sealedText: z.string(),
  dictionaryVersion: z.string(),
  findings: z.array(StoredFinding),
  status: z.enum(['current', 'amended', 'retracted']),
});

/** `signal:<signalId>`: the whole signal with its evidence (no quotes: those are resolved on read). */
export const SignalRecord = Signal.extend({
  unitId: z.string(),
  siteId: z.string(),
  evidence: z.array(Evidence),
});

/** `signalstatus:<signalId>`: the supervisor's latest action on a signal. */
export const SignalStatusRecord = z.object({
  signalId: z.string(),
  unitId: z.string(),
  status: SignalStatus,
  note: z.string().max(1000),
  until: z.string().optional(),
  by: z.string(),
  at: z.string(),
});

/** `workerdetail:<workerId>`: what the worker page shows. */
export const WorkerDetail = z.object({
  workerId: z.string(),
  unitId: z.string(),
  siteId: z.string(),
  name: z.string(),
  displayName: z.string(),
  capacity: z.number(),
  weightedLoad: z.number(),
  absent: z.boolean(),
  asOf: z.string(),
  cases: z.array(
    z.object({
      caseId: z.string(),
      clientId: z.string(),
      track: z.string(),
      complexity: z.number(),
      complexityFactors: z.array(z.string()),
      riskFlagsInWindow: z.number().int().min(0),
      notesInWindow: z.number().int().min(0),
      riskDensity: z.number().min(0),
      lastContactAt: z.string().nullable(),
      daysSinceContact: z.number().nullable(),
      overdue: z.boolean(),
    }),
  ),
  /** Daily values over the long window, oldest first, read from the Redis time series. */
  sparklines: z.record(z.string(), z.array(z.number())),
});

/** The client pool of a unit with the recommended worker: `pool:<unitId>`. */
export const PoolRecord = z.object({
  unitId: z.string(),
  asOf: z.string(),
  cases: z.array(
    z.object({
      caseId: z.string(),
      clientId: z.string(),
      track: z.string(),
      complexity: z.number(),
      openedAt: z.string(),
      waitDays: z.number(),
      recommendedWorkerId: z.string().nullable(),
      recommendedReason: z.string(),
    }),
  ),
});

/** Published by each processor instance about once a second on PROGRESS_SUBJECT. */
export const ProgressMessage = z.object({
  instanceId: z.string(),
  /** The processor's "now" (CLOCK). */
  asOf: z.string(),
  /** How far processing is behind the newest accepted event (ms), across the partitions it owns. */
  lagMs: z.number().min(0),
  partitions: z.array(z.number().int()),
  at: z.string(),
});

/**
 * Published by each wallboard server on VIEW_INTEREST_SUBJECT: the unit views its screens hold now.
 * It holds until `ttlMs` after it was sent unless a newer one from the same server replaces it.
 */
export const ViewInterest = z.object({
  server: z.string().min(1),
  units: z.array(z.string()),
  ttlMs: z.number().int().positive(),
});

/** Sent by the wallboard on CONTROL_SIGNAL_STATUS_SUBJECT after it stored a status, so the view refreshes. */
export const SignalStatusCommand = SignalStatusRecord;

export type StoredFinding = z.infer<typeof StoredFinding>;
export type NoteRecord = z.infer<typeof NoteRecord>;
export type SignalRecord = z.infer<typeof SignalRecord>;
export type SignalStatusRecord = z.infer<typeof SignalStatusRecord>;
export type WorkerDetail = z.infer<typeof WorkerDetail>;
export type PoolRecord = z.infer<typeof PoolRecord>;
export type ProgressMessage = z.infer<typeof ProgressMessage>;
export type ViewInterest = z.infer<typeof ViewInterest>;
