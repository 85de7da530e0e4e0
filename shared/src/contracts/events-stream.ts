import { JetStreamApiError, RetentionPolicy, StorageType, type JetStreamManager } from '@nats-io/jetstream';
import { EVENTS_STREAM, EVENTS_SUBJECT_ROOT } from './subjects.ts';

export interface EventsStreamOptions {
  partitions: number;
  dedupWindowSeconds: number;
}

const PARTITIONS_NOTE = /partitions=(\d+)/;

export class PartitionMismatchError extends Error {}

/**
 * The one definition of the events stream, used by ingest, the processor, tests and benches:
 * file storage, every `caseload.events.>` subject, de-duplication by `Nats-Msg-Id` within the
 * window. The partition count is written into the description, because publishers and consumers
 * that disagree about it would route a unit's events to a consumer that never reads them.
 */
export async function ensureEventsStream(jsm: JetStreamManager, opts: EventsStreamOptions): Promise<void> {
  const wanted = {
    subjects: [`${EVENTS_SUBJECT_ROOT}.>`],
    duplicate_window: opts.dedupWindowSeconds * 1_000_000_000,
    description: `Caseload events, partitions=${opts.partitions} (unit partition = FNV-1a(unitId) mod partitions)`,
  };
  let current;
  try {
    current = (await jsm.streams.info(EVENTS_STREAM)).config;
  } catch (err) {
    if (!isStreamNotFound(err)) throw err;
    await jsm.streams.add({
      name: EVENTS_STREAM,
      ...wanted,
      storage: StorageType.File,
      retention: RetentionPolicy.Limits,
    });
    return;
  }
  const declared = PARTITIONS_NOTE.exec(current.description ?? '');
  if (declared && Number(declared[1]) !== opts.partitions)
    throw new PartitionMismatchError(
      `stream ${EVENTS_STREAM} was created for ${declared[1]} partitions, this service is configured for ${opts.partitions} (PARTITIONS)`,
    );
  const same =
    current.duplicate_window === wanted.duplicate_window &&
    current.description === wanted.description &&
    current.subjects.length === 1 &&
    current.subjects[0] === wanted.subjects[0];
  if (!same) await jsm.streams.update(EVENTS_STREAM, { ...current, ...wanted });
}

/** JetStream's "stream not found" error code. */
const STREAM_NOT_FOUND = 10059;

function isStreamNotFound(err: unknown): boolean {
  return err instanceof JetStreamApiError && err.code === STREAM_NOT_FOUND;
}
