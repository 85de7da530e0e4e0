import { redisKeys, type NoteRecord } from '@caseload/shared';
import type { RecordOp } from '../partition/partition-worker.ts';
import type { PartitionState } from '../state/partition-state.ts';
import type { CaseRec } from '../state/records.ts';
import { DAY_MS } from '../windows/day.ts';
import type { RedisClient } from './redis.ts';

/** Static details of a case, shared between partitions so a transfer can carry the case over. */
export interface CaseDetail {
  clientId: string;
  track: string;
  factors: string[];
  cadenceDays: number;
  openedMs: number;
  lastContactMs?: number;
}

export const caseDetailKey = (caseId: string) => `casedetail:${caseId}`;

// Edits the status in place (re-encoding with cjson would turn empty arrays into objects);
// `"status":` occurs only once in a NoteRecord.
const RETRACT = `
local v = redis.call('GET', KEYS[1])
if not v then return 0 end
local out = string.gsub(v, '"status":"%a+"', '"status":"retracted"', 1)
redis.call('SET', KEYS[1], out, 'KEEPTTL')
return 1
`;

// Replaces the findings array of a stored note (an LLM refinement); the findings hold no brackets
// inside (flat objects), and `"findings":` occurs once, after ids and the base64 sealed text.
const REFINE = `
local v = redis.call('GET', KEYS[1])
if not v then return 0 end
local s, e = string.find(v, '"findings":%b[]')
if not s then return 0 end
redis.call('SET', KEYS[1], string.sub(v, 1, s - 1) .. '"findings":' .. ARGV[1] .. string.sub(v, e + 1), 'KEEPTTL')
return 1
`;

/** Key-value pairs per MSET: a replay writes a record per case and note, one command each cost more than Redis did. */
const MSET_PAIRS = 500;
/** A note record outlives the retained window by this much (late amendments, a drill-down open at the edge). */
const NOTE_GRACE_DAYS = 7;

/**
 * When a note's record expires: the retained window plus a grace after the later of the note's
 * time and its arrival (a back-filled note is kept as long as one written today). Without it
 * Redis grew by every note ever read.
 */
export function noteExpiresAtMs(time: string, receivedAt: string | undefined, retainDays: number): number {
  const from = Math.max(Date.parse(time), receivedAt ? Date.parse(receivedAt) : -Infinity);
  return from + (retainDays + NOTE_GRACE_DAYS) * DAY_MS;
}

/**
 * Writes the records a checkpoint depends on (note records with sealed text and findings, case
 * details) in one pipeline. Idempotent: a replay rewrites the same values. Plain writes go out as
 * MSETs, in order: the pending ones are sent before each script that edits a record in place.
 */
export async function writeRecords(redis: RedisClient, state: PartitionState, ops: RecordOp[]): Promise<void> {
  if (!ops.length) return;
  const multi = redis.multi();
  // Expiries go after every MSET (a SET clears a key's expiry); the in-place scripts keep it.
  const expiries: [string, number][] = [];
  let pairs: string[] = [];
  const sendSets = () => {
    if (pairs.length) multi.mSet(pairs);
    pairs = [];
  };
  const set = (key: string, value: string) => {
    pairs.push(key, value);
    if (pairs.length >= 2 * MSET_PAIRS) sendSets();
  };
  for (const op of ops) {
    if (op.kind === 'note') {
      const e = op.event;
      if (e.type !== 'caseload.note.submitted' && e.type !== 'caseload.note.amended') continue;
      const d = e.data;
      const unit = state.units.get(d.unitId);
      const rec: NoteRecord = {
        noteId: d.noteId,
        caseId: d.caseId,
        unitId: d.unitId,
        workerId: d.workerId,
        ...(unit ? { siteId: unit.siteId } : {}),
        time: e.time,
        ...('contactTime' in d && d.contactTime ? { contactTime: d.contactTime } : {}),
        sealedText: d.text,
        dictionaryVersion: state.dict.version,
        findings: op.findings.map((f) => ({ ...f, source: f.source ?? 'builtin' })),
        status: op.status,
      };
      set(redisKeys.note(d.noteId), JSON.stringify(rec));
      expiries.push([redisKeys.note(d.noteId), noteExpiresAtMs(e.time, e.receivedAt, state.dict.windows.retainDays)]);
    } else if (op.kind === 'findings') {
      const findings = op.findings.map((f) => ({ ...f, source: f.source ?? 'builtin' }));
      sendSets();
      multi.eval(REFINE, { keys: [redisKeys.note(op.noteId)], arguments: [JSON.stringify(findings)] });
    } else if (op.kind === 'retract') {
      sendSets();
      multi.eval(RETRACT, { keys: [redisKeys.note(op.noteId)] });
    } else {
      const c = state.cases.get(op.caseId);
      if (c && !c.pending) set(caseDetailKey(op.caseId), JSON.stringify(detailOf(c)));
    }
  }
  sendSets();
  for (const [key, at] of expiries) multi.pExpireAt(key, at);
  await multi.execAsPipeline();
}

function detailOf(c: CaseRec): CaseDetail {
  return {
    clientId: c.clientId,
    track: c.track,
    factors: c.factors,
    cadenceDays: c.cadenceDays,
    openedMs: c.openedMs,
    ...(c.lastContactMs !== undefined ? { lastContactMs: c.lastContactMs } : {}),
  };
}

/** Completes cases that arrived by transfer, from the details their former unit recorded. */
export async function completeTransferredCases(redis: RedisClient, state: PartitionState): Promise<void> {
  const pending = [...state.pendingCases];
  if (!pending.length) return;
  const values = await redis.mGet(pending.map(caseDetailKey));
  pending.forEach((id, i) => {
    const v = values[i];
    if (v) state.completeCase(id, JSON.parse(v) as CaseDetail);
  });
}
