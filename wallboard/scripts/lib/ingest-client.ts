import type { CaseloadEvent } from '@caseload/shared';

/** The outcome of one `POST /v1/events`, with the wall time its answer arrived. */
export interface Posted {
  status: number;
  answeredAt: number;
  sentAt: number;
  body: unknown;
}

/** Posts a batch of CloudEvents to ingest (CONTRACT §2), as any producer would. */
export async function postEvents(ingestUrl: string, apiKey: string, events: CaseloadEvent[]): Promise<Posted> {
  const sentAt = Date.now();
  const res = await fetch(`${ingestUrl}/v1/events`, {
    method: 'POST',
    headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/cloudevents-batch+json' },
    body: JSON.stringify(events),
  });
  const answeredAt = Date.now();
  const body: unknown = await res.json().catch(() => null);
  return { status: res.status, answeredAt, sentAt, body };
}

/** Posts and insists on 202, saying what ingest answered otherwise. */
export async function postAccepted(ingestUrl: string, apiKey: string, events: CaseloadEvent[]): Promise<Posted> {
  const r = await postEvents(ingestUrl, apiKey, events);
  if (r.status !== 202) throw new Error(`ingest answered ${r.status}: ${JSON.stringify(r.body).slice(0, 400)}`);
  return r;
}
