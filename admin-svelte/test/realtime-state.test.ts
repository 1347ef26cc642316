/** The Realtime page's logic: the session list kept by change events, and durations as a clock reads. */
import './support/register-svelte.ts';
import { test } from 'uvu';
import * as assert from 'uvu/assert';

const { RealtimeSessionsState } = await import('../src/lib/state/realtime-sessions-state.svelte.ts');
const { clockDuration } = await import('../src/lib/realtime/clock-duration.ts');

interface Session {
  id: string;
  durationSeconds: number;
  cost: number;
}

const session = (id: string, durationSeconds = 0, cost = 0): Session => ({ id, durationSeconds, cost });
const ids = (state: { rows: Array<{ session: Session }> }) => state.rows.map((row) => row.session.id);

test('changes received before the list are held, then applied over it', () => {
  const state = new RealtimeSessionsState<Session>();
  state.receive({ change: 'STARTED', session: session('new') });
  state.receive({ change: 'ENDED', session: session('old') });
  state.receive({ change: 'UPDATED', session: session('kept', 5, 0.5) });
  assert.equal(ids(state), [], 'nothing shown before the list');
  assert.is(state.loaded, false);
  state.load([session('old', 60), session('kept', 4, 0.25)]);
  assert.is(state.loaded, true);
  assert.equal(ids(state), ['kept', 'new']);
  assert.is(state.rows[0]!.session.cost, 0.5, 'the held update wins over the list');
});

test('STARTED appends, UPDATED replaces in place, ENDED removes; an update after the end does not bring it back', () => {
  const state = new RealtimeSessionsState<Session>();
  state.load([session('a'), session('b')]);
  state.receive({ change: 'STARTED', session: session('c') });
  state.receive({ change: 'UPDATED', session: session('a', 3, 0.01) });
  assert.equal(ids(state), ['a', 'b', 'c']);
  assert.is(state.rows[0]!.session.cost, 0.01);
  state.receive({ change: 'ENDED', session: session('b') });
  state.receive({ change: 'UPDATED', session: session('b', 9, 1) });
  assert.equal(ids(state), ['a', 'c']);
});

test('the duration ticks from the server’s figure by this browser’s clock', () => {
  let now = 1_000_000;
  const state = new RealtimeSessionsState<Session>(() => now);
  state.load([session('a', 65)]);
  const row = state.rows[0]!;
  assert.is(state.durationAt(row, now), 65);
  assert.is(state.durationAt(row, now + 10_500), 75);
  assert.is(state.durationAt(row, now - 900), 65, 'a ticker that last ticked before the row arrived');
  now += 20_000;
  state.receive({ change: 'UPDATED', session: session('a', 90) });
  assert.is(state.durationAt(state.rows[0]!, now), 90, 'a fresher figure from the server resets the base');
});

test('clockDuration reads as a clock', () => {
  assert.is(clockDuration(0), '0:00');
  assert.is(clockDuration(7.9), '0:07');
  assert.is(clockDuration(245), '4:05');
  assert.is(clockDuration(3723), '1:02:03');
  assert.is(clockDuration(-5), '0:00');
});

test.run();
