import { CaseloadEvent } from '@caseload/shared';

export interface Issue {
  path: string;
  message: string;
}

export interface Rejected {
  index: number;
  id: string | null;
  issues: Issue[];
}

export interface Accepted {
  index: number;
  event: CaseloadEvent;
}

export interface TimeBounds {
  maxAgeDays: number;
  maxFutureSeconds: number;
}

const DAY_MS = 86_400_000;

/**
 * Validates every candidate against the contract's schemas and the event-time bounds, collecting
 * every problem of every event (not only the first) so a producer can fix a batch in one go.
 */
export function validateEvents(
  candidates: readonly unknown[],
  bounds: TimeBounds,
  now: number = Date.now(),
): { accepted: Accepted[]; rejected: Rejected[] } {
  const accepted: Accepted[] = [];
  const rejected: Rejected[] = [];
  const oldest = now - bounds.maxAgeDays * DAY_MS;
  const newest = now + bounds.maxFutureSeconds * 1000;
  candidates.forEach((raw, index) => {
    const parsed = CaseloadEvent.safeParse(raw);
    const issues: Issue[] = parsed.success
      ? []
      : parsed.error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
    const timeIssue = checkTime(raw, oldest, newest, bounds);
    if (timeIssue) issues.push(timeIssue);
    if (parsed.success && issues.length === 0) accepted.push({ index, event: parsed.data as CaseloadEvent });
    else rejected.push({ index, id: idOf(raw), issues });
  });
  return { accepted, rejected };
}

function checkTime(raw: unknown, oldest: number, newest: number, bounds: TimeBounds): Issue | undefined {
  const time = isRecord(raw) && typeof raw.time === 'string' ? Date.parse(raw.time) : NaN;
  if (Number.isNaN(time)) return undefined; // the schema already names a missing or malformed time
  if (time < oldest) return { path: 'time', message: `must be at most ${bounds.maxAgeDays} days in the past` };
  if (time > newest)
    return { path: 'time', message: `must be at most ${bounds.maxFutureSeconds} seconds in the future` };
  return undefined;
}

function idOf(raw: unknown): string | null {
  return isRecord(raw) && typeof raw.id === 'string' ? raw.id : null;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
