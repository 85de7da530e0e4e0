import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VIEW_INTEREST_SUBJECT, type ViewInterest } from '@caseload/shared';
import { startProcessor, type Processor } from '../src/index.ts';
import { ev, inProcessConfig, publish, roster, startStack, unitView, waitFor, type Stack } from './helpers.ts';

const P = 2;
const DAY = 86_400_000;
const now = Date.parse('2026-11-20T12:00:00Z');
const at = (msAgo: number) => new Date(now - msAgo).toISOString();

describe('views nobody watches (real NATS + Redis)', () => {
  let stack: Stack;
  let proc: Processor | undefined;

  beforeAll(async () => {
    stack = await startStack(P);
    proc = await startProcessor(
      // Long enough that an unwatched unit cannot be rebuilt while the test looks.
      inProcessConfig(stack, P, { unwatchedRebuildMs: 120_000 }),
    );
  });

  afterAll(async () => {
    await proc?.stop();
    await stack?.destroy();
  });

  const tellInterest = async (units: string[]) => {
    const report: ViewInterest = { server: 'wallboard-test', units, ttlMs: 120_000 };
    stack.nc.publish(VIEW_INTEREST_SUBJECT, JSON.stringify(report));
    await stack.nc.flush();
  };
  const contact = (contactId: string, unitId: string) =>
    ev(
      'caseload.contact.logged',
      {
        contactId,
        caseId: `${unitId}-W0-C0`,
        unitId,
        workerId: `${unitId}-W0`,
        mode: 'phone',
        outcome: 'completed',
      },
      at(DAY / 2),
    );
  const contacts = async (unitId: string) => (await unitView(stack.redis, unitId))?.workers[0]?.contactsInWindow;

  it('rebuilds the views screens hold at full pace, the others only when a screen comes to them', async () => {
    await publish(stack.js, roster(at(5 * DAY), 2, 1, 'I').events, P);
    // Before any report every unit counts as watched: both views are built.
    await waitFor('both views', async () => (await contacts('I0')) === 0 && (await contacts('I1')) === 0);

    await tellInterest(['I0']);
    // The report travels on core NATS, the events on JetStream: give the report a head start.
    await new Promise((r) => setTimeout(r, 300));
    await publish(stack.js, [contact('K0', 'I0'), contact('K1', 'I1')], P);
    await waitFor('the watched unit to show its contact', async () => (await contacts('I0')) === 1);
    // Several rebuild periods of a watched unit later, the unwatched one still shows the old figure.
    await new Promise((r) => setTimeout(r, 1000));
    expect(await contacts('I1')).toBe(0);

    // A screen comes to I1: its view is rebuilt with what it missed.
    await tellInterest(['I0', 'I1']);
    await waitFor('the newly watched unit to catch up', async () => (await contacts('I1')) === 1, 5000);
  });
});
