import type { JetStreamClient } from '@nats-io/jetstream';
import { headers } from '@nats-io/transport-node';
import {
  NOTE_FINDINGS_REFINED,
  readNote,
  refinedFindingsMsgId,
  refinedFindingsSubject,
  type LoadedDictionary,
  type NoteFindingsRefined,
  type StoredFinding,
} from '@caseload/shared';
import type { Logger } from 'pino';
import type { GroqRefiner } from './groq-refiner.ts';
import type { RefinedFinding } from './merge.ts';
import type { ReadingMetrics } from './metrics.ts';

/** A note version the processor just applied with its built-in reading. */
export interface RefinementRequest {
  partition: number;
  unitId: string;
  noteId: string;
  /** Stream sequence of the event whose text this is. */
  noteVersion: number;
  text: string;
}

/** Spans and context only: the merged reading's quotes and sentences are clear text. */
export function storedFindingsOf(findings: RefinedFinding[]): StoredFinding[] {
  return findings.map((f) => ({
    code: f.code,
    kind: f.kind,
    paragraph: f.paragraph,
    start: f.start,
    end: f.end,
    current: f.current,
    context: f.context,
    source: f.source,
  }));
}

/**
 * Asks for the LLM reading of notes off the processor's hot path and hands each result back to the
 * partition as an internal message (`caseload.note.findings.refined`) on the unit's partition
 * subject, so it is applied in stream order with everything else and survives restarts. A
 * `Nats-Msg-Id` per (note, version, cached reading) makes a repeat after a restart count once.
 * At most `maxPending` notes wait (their text in memory); beyond that a note is skipped and counted.
 */
export class RefinementRequester {
  private pending = 0;
  private readonly settled = new Set<Promise<void>>();

  constructor(
    private readonly deps: {
      refiner: GroqRefiner;
      js: JetStreamClient;
      dictionary: LoadedDictionary;
      log: Logger;
      metrics: ReadingMetrics;
      maxPending: number;
    },
  ) {}

  get inFlight(): number {
    return this.pending;
  }

  request(r: RefinementRequest): void {
    if (this.pending >= this.deps.maxPending) {
      this.deps.metrics.readings.inc({ result: 'queue_full' });
      return;
    }
    this.pending++;
    const p = this.run(r)
      .catch((err) => this.deps.log.warn({ noteId: r.noteId, err: String(err) }, 'LLM refinement not published'))
      .finally(() => {
        this.pending--;
        this.settled.delete(p);
      });
    this.settled.add(p);
  }

  private async run(r: RefinementRequest): Promise<void> {
    const { refiner, dictionary } = this.deps;
    // Read again here rather than hold quotes and sentences from the hot path: same text, same findings.
    const merged = await refiner.refine(r.noteId, r.text, readNote(r.text, dictionary));
    if (!merged) return; // gave up: the built-in reading stands
    const message: NoteFindingsRefined = {
      type: NOTE_FINDINGS_REFINED,
      at: new Date().toISOString(),
      data: {
        noteId: r.noteId,
        unitId: r.unitId,
        noteVersion: r.noteVersion,
        dictionaryVersion: refiner.dictionaryVersion,
        model: refiner.model,
        promptVersion: refiner.promptVersion,
        findings: storedFindingsOf(merged),
      },
    };
    const h = headers();
    h.set('Nats-Msg-Id', refinedFindingsMsgId(r.noteId, r.noteVersion, refiner.keyOf(r.text)));
    await this.deps.js.publish(refinedFindingsSubject(r.partition, r.unitId), JSON.stringify(message), {
      headers: h,
    });
  }

  /** Ends LLM requests and waits for what is in flight to settle (publishing what already came back). */
  async close(): Promise<void> {
    this.deps.refiner.close();
    await Promise.all([...this.settled]);
  }
}
