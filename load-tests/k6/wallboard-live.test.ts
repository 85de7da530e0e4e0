import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Observation } from './lib/screen-session.js';
import { runScreen } from './ws-screen.ts';
// The real wallboard server in-process (its own test harness: express app + Socket.IO `/live`, on
// the suite's real NATS and Redis), so the screens of wallboard.js are checked against the server
// they will load, not only against a stand-in.
import { startWallboard, type WallboardHarness } from '../../wallboard/test/support/harness.ts';
import { unitFixture, unitView, viewMessage, type UnitFixture } from '../../wallboard/test/support/fixtures.ts';

let h: WallboardHarness;
let unit: UnitFixture;

beforeAll(async () => {
  h = await startWallboard({ heartbeatMs: 200, logLevel: 'silent' });
  unit = unitFixture();
  await h.fixtures.storeView(viewMessage(unitView(unit, { seq: 1 })));
});

afterAll(() => h?.stop());

const seenKind = (seen: Observation[], kind: Observation['kind']) => seen.some((o) => o.kind === kind);

describe("wallboard.js's screen protocol against the real wallboard", () => {
  it('joins /live with a token, subscribes, and receives pushed views and heartbeats', async () => {
    const token = await h.token({ role: 'lead', units: [unit.unitId] });
    let published = false;
    const run = await runScreen(
      h.url,
      token,
      { scope: 'unit', id: unit.unitId },
      {
        holdMs: 15_000,
        onObservation: (o) => {
          // A change on the processor's side once the screen is subscribed: the wallboard pushes it.
          if (o.kind === 'subscribed' && !published) {
            published = true;
            void h.fixtures.putView(viewMessage(unitView(unit, { seq: 2 })));
          }
        },
        stopAt: (seen) => seenKind(seen, 'heartbeat') && seen.some((o) => o.kind === 'view' && o.seq === 2),
      },
    );

    expect(run.observations[0]).toMatchObject({ kind: 'handshake' });
    expect(run.observations).toContainEqual(expect.objectContaining({ kind: 'connected' }));
    expect(run.observations).toContainEqual(expect.objectContaining({ kind: 'subscribed', ok: true, standing: true }));
    const view = run.observations.find((o) => o.kind === 'view' && o.seq === 2);
    expect(view).toMatchObject({ scope: 'unit', id: unit.unitId });
    expect((view as { ageMs: number }).ageMs).toBeGreaterThanOrEqual(0);
    expect((view as { ageMs: number }).ageMs).toBeLessThan(10_000);
    expect(seenKind(run.observations, 'heartbeat')).toBe(true);
    expect(seenKind(run.observations, 'protocol_error')).toBe(false);
  });

  it('is refused with "unauthorized" for a token the wallboard did not sign', async () => {
    const run = await runScreen(h.url, 'not-a-token', { scope: 'unit', id: unit.unitId }, { holdMs: 10_000 });
    expect(run.observations).toContainEqual({ kind: 'connect_error', message: 'unauthorized' });
    expect(seenKind(run.observations, 'connected')).toBe(false);
  });

  it('gets forbidden for a unit outside the token, and a standing not_found for a unit with no view yet', async () => {
    const other = unitFixture();
    const token = await h.token({ role: 'lead', units: [unit.unitId, 'U-none-yet'] });
    const forbidden = await runScreen(
      h.url,
      token,
      { scope: 'unit', id: other.unitId },
      {
        holdMs: 10_000,
        stopAt: (seen) => seenKind(seen, 'subscribed'),
      },
    );
    expect(forbidden.observations).toContainEqual(
      expect.objectContaining({ kind: 'subscribed', ok: false, standing: false, error: 'forbidden' }),
    );
    const notYet = await runScreen(
      h.url,
      token,
      { scope: 'unit', id: 'U-none-yet' },
      {
        holdMs: 10_000,
        stopAt: (seen) => seenKind(seen, 'subscribed'),
      },
    );
    expect(notYet.observations).toContainEqual(
      expect.objectContaining({ kind: 'subscribed', ok: false, standing: true, error: 'not_found' }),
    );
  });
});
