import type { JetStreamClient, JetStreamManager, JsMsg } from '@nats-io/jetstream';
import {
  EVENTS_STREAM,
  isRefinedFindingsSubject,
  noteTextOf,
  typeSuffix,
  type LoadedDictionary,
  type NoteKeyring,
  type StoredEvent,
} from '@caseload/shared';
import type { Logger } from 'pino';
import { CheckpointStore, FencedError } from '../checkpoint/checkpoint-store.ts';
import { consumeLoop, openPartitionConsumer, type ConsumeLoop } from '../consumers/partition-consumer.ts';
import { figuresOf } from '../consumers/delivery-info.ts';
import { rawRosterFields } from '../consumers/raw-fields.ts';
import { validateEvent } from '../consumers/validate-event.ts';
import { applyRefined, noteVersionApplied, parseRefined, type ReadNoteVersion } from '../notes/note-versions.ts';
import { readNoteFindings, type NoteFinding } from '../notes/read-note-findings.ts';
import { PartitionState } from '../state/partition-state.ts';

/** The subject ending of a worker upsert (`caseload.events.p<k>.<unit>.worker.upserted`). */
const WORKER_UPSERTED = `.${typeSuffix('caseload.worker.upserted')}`;

/** What the record sink must write before the checkpoint that covers the event (see flushRecords). */
export type RecordOp =
  | { kind: 'note'; event: StoredEvent; findings: NoteFinding[]; status: 'current' | 'amended' }
  | { kind: 'retract'; noteId: string }
  | { kind: 'findings'; noteId: string; findings: NoteFinding[] }
  | { kind: 'case'; caseId: string };

export interface PartitionDeps {
  js: JetStreamClient;
  jsm: JetStreamManager;
  checkpoints: CheckpointStore;
  dict: LoadedDictionary;
  keyring: NoteKeyring;
  log: Logger;
  partitions: number;
  stream?: string;
  /** Skip zod validation of each message (the bench measures both). */
  trustEvents?: boolean;
  /** Writes note/case records; awaited before each checkpoint. */
  flushRecords(state: PartitionState, ops: RecordOp[]): Promise<void>;
  /** Called when the worker stops on its own (fenced out, consumer failure). */
  onLost(partition: number, reason: string): void;
  /**
   * The worker stopped without saving because its in-memory state can no longer be trusted (a
   * delivery went missing); the owner should restart the partition from its checkpoint at once.
   */
  onRestart?(partition: number, epoch: number, reason: string): void;
  /** With the LLM reading on: a note version just applied, to be refined off the hot path. */
  requestRefinement?: (r: ReadNoteVersion & { partition: number }) => void;
}

/**
 * One owned partition: restores its checkpoint, consumes from just after it, applies events to the
 * state, and at a short interval saves state + sequence + epoch atomically, acking only the
 * messages that checkpoint covers.
 */
export class PartitionWorker {
  state: PartitionState;
  private loop: ConsumeLoop | undefined;
  /** The newest applied message: acking it (AckPolicy.All) acks all before it. */
  private lastMsg: JsMsg | undefined;
  private ops: RecordOp[] = [];
  private timer: NodeJS.Timeout | undefined;
  private saving: Promise<void> | undefined;
  private stopped = false;
  /** The consumer's delivery sequence of the last message we received (the consumer is new at start). */
  private lastDelivery = 0;
  /** receivedAt (ms) of the newest processed event, for lag. */
  lastReceivedMs = 0;
  processed = 0;
  /** When the last checkpoint was saved (ms), and how long the longest save took: for runtime stats. */
  lastCheckpointMs = Date.now();
  checkpointSaveMaxMs = 0;
  /** Messages the consumer still had to deliver after the newest one received. */
  pending = 0;
  /** Messages the consumer still had to deliver at the last checkpoint (a replay is catching up). */
  backlog = 0;
  /** Events per unit per wall-clock second over the last minute: [second, count] pairs, for eventsPerMinute. */
  readonly recentByUnit = new Map<string, [number, number][]>();

  constructor(
    readonly partition: number,
    public epoch: number,
    private readonly deps: PartitionDeps,
    private readonly checkpointMs: number,
  ) {
    this.state = new PartitionState(partition, deps.partitions, deps.dict);
  }

  get log(): Logger {
    return this.deps.log;
  }

  async start(): Promise<void> {
    const { checkpoints } = this.deps;
    const seq = await checkpoints.claim(this.partition, this.epoch);
    const records = await checkpoints.load(this.partition);
    this.state.restore(records);
    this.state.meta.seq = Math.max(this.state.meta.seq, seq);
    this.state.dirty.clear();
    if (this.stopped) return;
    const consumer = await openPartitionConsumer(
      this.deps.js,
      this.deps.jsm,
      this.partition,
      this.state.meta.seq,
      this.deps.stream ?? EVENTS_STREAM,
    );
    this.loop = await consumeLoop(
      consumer,
      1000,
      (m) => this.handle(m),
      this.deps.log.child({ partition: this.partition }),
      (err) => {
        if (!this.stopped) this.lose(`consumer ended${err ? `: ${String(err)}` : ''}`);
      },
    );
    this.timer = setInterval(
      () => void this.checkpoint().catch((err) => this.onCheckpointError(err)),
      this.checkpointMs,
    );
    this.deps.log.info({ partition: this.partition, epoch: this.epoch, seq: this.state.meta.seq }, 'partition started');
  }

  private handle(m: JsMsg): void {
    if (this.stopped) return;
    // Every delivery, redeliveries included, takes the consumer's next delivery sequence. A jump
    // means deliveries were lost in flight (e.g. NATS restarted mid-batch): the server will
    // redeliver them only later, and applying what came after them would move our position past
    // events never applied — and the next checkpoint's ack would acknowledge them. So restart from
    // the checkpoint instead.
    const info = figuresOf(m);
    const delivery = info.deliverySequence;
    const seq = info.streamSequence;
    if (delivery !== this.lastDelivery + 1) {
      this.restart(`delivery gap: expected delivery ${this.lastDelivery + 1}, got ${delivery} (stream seq ${seq})`);
      return;
    }
    this.lastDelivery = delivery;
    if (seq <= this.state.meta.seq) {
      // Already applied (a redelivery): skip it; the next checkpoint's ack covers it.
      return;
    }
    this.state.meta.seq = seq;
    this.lastMsg = m;
    this.pending = info.pending;
    this.processed++;
    if (isRefinedFindingsSubject(m.subject)) return this.refined(m, seq);
    // Most of a roster load is other partitions' workers: passed over before it is even parsed.
    if (m.subject.endsWith(WORKER_UPSERTED) && this.passOver(m)) return;
    const event = this.parse(m);
    if (!event) {
      this.deps.log.warn({ partition: this.partition, seq }, 'invalid event skipped');
      return;
    }
    const { text, findings } = this.read(event);
    const known = text !== undefined && this.state.notes.has((event.data as { noteId: string }).noteId);
    const wasCounted = event.type === 'caseload.note.retracted' && this.state.notes.get(event.data.noteId)?.x === 0;
    this.state.apply(event, findings);
    this.queueOps(event, findings, wasCounted);
    if (text !== undefined) {
      const version = noteVersionApplied(this.state, event, seq, known, text);
      if (version) this.deps.requestRefinement?.({ ...version, partition: this.partition });
    }
    const rec = Date.parse(event.receivedAt);
    if (rec > this.lastReceivedMs) this.lastReceivedMs = rec;
    if ('unitId' in event.data && this.state.ownsUnit(event.data.unitId)) {
      let arr = this.recentByUnit.get(event.data.unitId);
      if (!arr) this.recentByUnit.set(event.data.unitId, (arr = []));
      const sec = Math.floor(Date.now() / 1000);
      const last = arr[arr.length - 1];
      if (last && last[0] === sec) last[1]++;
      else arr.push([sec, 1]);
      if (arr.length > 60) arr.shift();
    }
  }

  private passOver(m: JsMsg): boolean {
    const f = rawRosterFields(m.data);
    if (!f || !this.state.passOverWorker(f.unitId, f.workerId, Date.parse(f.time))) return false;
    const rec = f.receivedAt ? Date.parse(f.receivedAt) : 0;
    if (rec > this.lastReceivedMs) this.lastReceivedMs = rec;
    return true;
  }

  private parse(m: JsMsg): StoredEvent | undefined {
    try {
      const raw = m.json<StoredEvent>();
      if (this.deps.trustEvents) return raw;
      const valid = validateEvent(raw);
      if (!valid) return undefined;
      // zod returns a fresh object without unknown keys: put receivedAt back in place (no copy).
      const event = valid as StoredEvent;
      event.receivedAt = raw.receivedAt;
      return event;
    } catch {
      return undefined;
    }
  }

  private read(e: StoredEvent): { text?: string; findings: NoteFinding[] } {
    if (e.type !== 'caseload.note.submitted' && e.type !== 'caseload.note.amended') return { findings: [] };
    if (!this.state.ownsUnit(e.data.unitId)) return { findings: [] };
    try {
      const text = noteTextOf(e, this.deps.keyring);
      return text ? { text, findings: readNoteFindings(text, this.deps.dict) } : { findings: [] };
    } catch (err) {
      this.deps.log.warn({ noteId: e.data.noteId, err: (err as Error).name }, 'note could not be read');
      return { findings: [] };
    }
  }

  /** An LLM refinement of a note (internal message): applied in order, or ignored when stale. */
  private refined(m: JsMsg, seq: number): void {
    let r;
    try {
      r = parseRefined(m.json());
    } catch {
      r = undefined;
    }
    if (!r) {
      this.deps.log.warn({ partition: this.partition, seq }, 'invalid refinement skipped');
      return;
    }
    if (applyRefined(this.state, r))
      this.ops.push({ kind: 'findings', noteId: r.data.noteId, findings: r.data.findings });
  }

  private queueOps(e: StoredEvent, findings: NoteFinding[], wasCounted: boolean): void {
    switch (e.type) {
      case 'caseload.note.submitted':
      case 'caseload.note.amended': {
        const n = this.state.notes.get(e.data.noteId);
        if (n && n.x === 0 && this.state.ownsUnit(e.data.unitId)) {
          const status = e.type === 'caseload.note.amended' ? 'amended' : 'current';
          this.ops.push({ kind: 'note', event: e, findings, status });
        }
        return;
      }
      case 'caseload.note.retracted':
        if (wasCounted) this.ops.push({ kind: 'retract', noteId: e.data.noteId });
        return;
      case 'caseload.case.opened':
      case 'caseload.case.assigned':
        if (this.state.cases.has(e.data.caseId)) this.ops.push({ kind: 'case', caseId: e.data.caseId });
        return;
    }
  }

  /** Saves everything applied so far, then acks the messages it covers. */
  async checkpoint(): Promise<void> {
    if (this.saving) return this.saving;
    if (!this.state.dirty.size && !this.lastMsg && !this.ops.length) return;
    this.saving = (async () => {
      const ops = this.ops;
      this.ops = [];
      const last = this.lastMsg;
      this.lastMsg = undefined;
      if (last) this.backlog = this.pending;
      const seq = this.state.meta.seq;
      const records: [string, string | undefined][] = [];
      for (const key of this.state.dirty) records.push([key, this.state.serialise(key)]);
      this.state.dirty.clear();
      try {
        // Records (notes, cases) first: a checkpoint never covers an event whose record is unwritten.
        const t0 = Date.now();
        await this.deps.flushRecords(this.state, ops);
        await this.deps.checkpoints.save(this.partition, this.epoch, seq, records);
        this.lastCheckpointMs = Date.now();
        this.checkpointSaveMaxMs = Math.max(this.checkpointSaveMaxMs, this.lastCheckpointMs - t0);
      } catch (err) {
        // Not saved: put it all back so the next attempt covers it.
        this.ops = ops.concat(this.ops);
        this.lastMsg ??= last;
        for (const [k] of records) this.state.dirty.add(k);
        throw err;
      }
      last?.ack();
    })().finally(() => {
      this.saving = undefined;
    });
    return this.saving;
  }

  private onCheckpointError(err: unknown): void {
    if (err instanceof FencedError) this.lose('fenced by a later epoch');
    else this.deps.log.warn({ partition: this.partition, err: String(err) }, 'checkpoint failed; will retry');
  }

  private lose(reason: string): void {
    if (this.stopped) return;
    this.deps.log.warn({ partition: this.partition, reason }, 'partition lost');
    void this.stop(false);
    this.deps.onLost(this.partition, reason);
  }

  private restart(reason: string): void {
    if (this.stopped) return;
    this.deps.log.warn({ partition: this.partition, reason }, 'partition restarting from its checkpoint');
    void this.stop(false).then(() =>
      this.deps.onRestart
        ? this.deps.onRestart(this.partition, this.epoch, reason)
        : this.deps.onLost(this.partition, reason),
    );
  }

  /** Stops consuming; with `graceful`, saves a last checkpoint first (the lease is still ours). */
  async stop(graceful: boolean): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    clearInterval(this.timer);
    await this.loop?.stop().catch(() => undefined);
    if (graceful) {
      await this.saving?.catch(() => undefined);
      await this.checkpoint().catch((err) => this.deps.log.warn({ err: String(err) }, 'final checkpoint failed'));
    }
  }

  get isStopped(): boolean {
    return this.stopped;
  }
}
