import { z } from 'zod';
import { Id, Timestamp } from './ids.ts';

/** Upper bound of a note's text (CONTRACT §2). */
export const NOTE_TEXT_MAX = 20_000;

const NoteText = z.string().min(1, 'must not be empty').max(NOTE_TEXT_MAX, `at most ${NOTE_TEXT_MAX} characters`);
const ShortText = z.string().max(2_000);
const TrackId = z.string().regex(/^[a-z][a-z0-9_]{0,63}$/, 'must be a track id of the data dictionary');
const Code = z.string().regex(/^[a-z][a-z0-9_]{0,63}$/, 'must be a code of the data dictionary');

export const SiteUpserted = z.strictObject({
  siteId: Id,
  name: z.string().min(1).max(200),
  timezone: z.string().refine(isIanaZone, 'must be an IANA time zone such as America/Chicago').default('UTC'),
});

export const UnitUpserted = z.strictObject({
  unitId: Id,
  siteId: Id,
  name: z.string().min(1).max(200),
  supervisorId: Id.optional(),
  wallShowsNames: z.boolean().default(false),
});

export const WorkerUpserted = z.strictObject({
  workerId: Id,
  unitId: Id,
  name: z.string().min(1).max(200),
  capacity: z.number().positive().max(10_000),
  displayName: z.string().min(1).max(60).optional(),
  tracks: z.array(TrackId).max(20).optional(),
  active: z.boolean().default(true),
});

export const WorkerAbsence = z
  .strictObject({ workerId: Id, unitId: Id, from: Timestamp, to: Timestamp, reason: ShortText.optional() })
  .refine((a) => Date.parse(a.to) >= Date.parse(a.from), { message: 'must not end before it starts', path: ['to'] });

export const CaseOpened = z.strictObject({
  caseId: Id,
  clientId: Id,
  unitId: Id,
  track: TrackId,
  complexityFactors: z.array(Code).max(50),
  workerId: Id.optional(),
  contactCadenceDays: z.number().int().min(1).max(365).optional(),
});

export const CaseAssigned = z.strictObject({
  caseId: Id,
  unitId: Id,
  workerId: Id,
  reason: ShortText.optional(),
  fromUnitId: Id.optional(),
});

export const CaseClosed = z.strictObject({ caseId: Id, unitId: Id, reason: ShortText.optional() });

export const ContactMode = z.enum(['home_visit', 'office', 'phone', 'video', 'collateral']);
export const ContactOutcome = z.enum(['completed', 'attempted', 'no_show', 'cancelled']);

export const ContactLogged = z.strictObject({
  contactId: Id,
  caseId: Id,
  unitId: Id,
  workerId: Id,
  mode: ContactMode,
  outcome: ContactOutcome,
  durationMinutes: z
    .number()
    .int()
    .min(0)
    .max(24 * 60)
    .optional(),
  crisis: z.boolean().optional(),
});

export const NoteSubmitted = z.strictObject({
  noteId: Id,
  caseId: Id,
  unitId: Id,
  workerId: Id,
  text: NoteText,
  contactId: Id.optional(),
  contactTime: Timestamp.optional(),
});

export const NoteAmended = z.strictObject({
  noteId: Id,
  caseId: Id,
  unitId: Id,
  workerId: Id,
  text: NoteText,
  reason: ShortText.optional(),
});

export const NoteRetracted = z.strictObject({
  noteId: Id,
  caseId: Id,
  unitId: Id,
  workerId: Id,
  reason: ShortText.optional(),
});

export const SupervisionCompleted = z.strictObject({
  workerId: Id,
  unitId: Id,
  supervisorId: Id,
  caseIds: z.array(Id).max(500).optional(),
});

/** The event types of CONTRACT §2 and the schema of each one's `data`. */
export const EVENT_DATA = {
  'caseload.site.upserted': SiteUpserted,
  'caseload.unit.upserted': UnitUpserted,
  'caseload.worker.upserted': WorkerUpserted,
  'caseload.worker.absence': WorkerAbsence,
  'caseload.case.opened': CaseOpened,
  'caseload.case.assigned': CaseAssigned,
  'caseload.case.closed': CaseClosed,
  'caseload.contact.logged': ContactLogged,
  'caseload.note.submitted': NoteSubmitted,
  'caseload.note.amended': NoteAmended,
  'caseload.note.retracted': NoteRetracted,
  'caseload.supervision.completed': SupervisionCompleted,
} as const;

export type EventType = keyof typeof EVENT_DATA;
export const EVENT_TYPES = Object.keys(EVENT_DATA) as EventType[];
export const EventTypeSchema = z.enum(EVENT_TYPES as [EventType, ...EventType[]]);

/** Events that change who works where: every partition receives them. */
export const ROSTER_TYPES: ReadonlySet<EventType> = new Set([
  'caseload.site.upserted',
  'caseload.unit.upserted',
  'caseload.worker.upserted',
  'caseload.worker.absence',
]);

const envelopeShape = {
  specversion: z.literal('1.0', { error: 'must be "1.0"' }),
  id: z.string().min(1).max(256),
  source: z.string().min(1).max(1024),
  time: Timestamp,
  datacontenttype: z.literal('application/json').optional(),
  subject: z.string().max(1024).optional(),
  dataschema: z.string().max(2048).optional(),
};

function envelopeOf<T extends EventType>(type: T) {
  return z.object({ ...envelopeShape, type: z.literal(type), data: EVENT_DATA[type] });
}

/** One CloudEvent of any contract type, discriminated on `type`. */
export const CaseloadEvent = z.discriminatedUnion(
  'type',
  EVENT_TYPES.map((t) => envelopeOf(t)) as unknown as [
    ReturnType<typeof envelopeOf<'caseload.site.upserted'>>,
    ...ReturnType<typeof envelopeOf<EventType>>[],
  ],
);

type DataOf<T extends EventType> = z.infer<(typeof EVENT_DATA)[T]>;
export type EventData<T extends EventType = EventType> = DataOf<T>;
export type CaseloadEventOf<T extends EventType> = {
  specversion: '1.0';
  id: string;
  source: string;
  type: T;
  time: string;
  datacontenttype?: 'application/json';
  subject?: string;
  dataschema?: string;
  data: DataOf<T>;
};
/** Union of every typed event, so `switch (e.type)` narrows `e.data`. */
export type CaseloadEvent = { [T in EventType]: CaseloadEventOf<T> }[EventType];

export type SiteUpserted = z.infer<typeof SiteUpserted>;
export type UnitUpserted = z.infer<typeof UnitUpserted>;
export type WorkerUpserted = z.infer<typeof WorkerUpserted>;
export type WorkerAbsence = z.infer<typeof WorkerAbsence>;
export type CaseOpened = z.infer<typeof CaseOpened>;
export type CaseAssigned = z.infer<typeof CaseAssigned>;
export type CaseClosed = z.infer<typeof CaseClosed>;
export type ContactLogged = z.infer<typeof ContactLogged>;
export type NoteSubmitted = z.infer<typeof NoteSubmitted>;
export type NoteAmended = z.infer<typeof NoteAmended>;
export type NoteRetracted = z.infer<typeof NoteRetracted>;
export type SupervisionCompleted = z.infer<typeof SupervisionCompleted>;

/** The unit an event belongs to (site events have none). */
export function unitOf(e: CaseloadEvent): string | undefined {
  return 'unitId' in e.data ? e.data.unitId : undefined;
}

/** Zones already found valid: building a formatter costs ~50 µs, and each site upsert reaches every partition. */
const knownZones = new Set<string>();

function isIanaZone(tz: string): boolean {
  if (knownZones.has(tz)) return true;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    if (knownZones.size < 1_000) knownZones.add(tz);
    return true;
  } catch {
    return false;
  }
}
