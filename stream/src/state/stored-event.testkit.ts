import type { CaseloadEvent, EventData, EventType, StoredEvent } from '@caseload/shared';

let n = 0;

/**
 * A stored event for state tests, at `atMs`, received at once. Loosely typed on purpose: property
 * tests pick types and payloads at run time; PartitionState applies them as it would a parsed event.
 */
export function storedEvent(type: string, data: Record<string, unknown>, atMs: number): StoredEvent {
  const time = new Date(atMs).toISOString();
  return {
    specversion: '1.0',
    id: `e${++n}`,
    source: '/t',
    type,
    time,
    data,
    receivedAt: time,
  } as unknown as CaseloadEvent as StoredEvent;
}

/** The same, typed by event type, for tests that build events by hand; received at `receivedAtMs`. */
export function typedEvent<T extends EventType>(
  type: T,
  data: EventData<T>,
  atMs: number,
  receivedAtMs = atMs,
): StoredEvent {
  return {
    ...storedEvent(type, data as Record<string, unknown>, atMs),
    receivedAt: new Date(receivedAtMs).toISOString(),
  };
}
