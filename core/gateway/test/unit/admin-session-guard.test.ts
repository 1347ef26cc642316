/**
 * The admin session guard on its own: a lease aborts when its token is found lapsed after a change
 * event (with the token's id, or without one, as the version check sends when an event was lost:
 * then every watched token is re-checked), at the token's expiry, never for the master key; a token
 * is forgotten once its last lease is released.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { masterIdentity } from '../../src/domain/admin-identity.ts';
import type { ConfigChangedEvent } from '../../src/ports/event-bus.ts';
import { AdminSessionGuard, CredentialLapsedError } from '../../src/services/admin-session-guard.ts';

function setup() {
  const revoked = new Set<string>();
  const asked: string[][] = [];
  let applier!: (event: ConfigChangedEvent) => Promise<void>;
  const guard = new AdminSessionGuard(
    {
      lapsed: async (ids) => {
        asked.push([...ids]);
        return ids.filter((id) => revoked.has(id));
      },
    },
    { onChange: (entities, apply) => ((applier = apply), assert.equal(entities, ['adminToken'])) },
  );
  return { guard, revoked, asked, change: (id?: string) => applier({ entity: 'adminToken', id }) };
}

const token = (id: string, expiresAt: Date | null = null) => ({ tokenId: id, name: id, role: 'VIEWER' as const, expiresAt });

test('a revocation event with an id re-checks that token only, and aborts its leases with the reason', async () => {
  const { guard, revoked, asked, change } = setup();
  const a1 = guard.watch(token('a'))!;
  const a2 = guard.watch(token('a'))!;
  const b = guard.watch(token('b'))!;
  revoked.add('a');
  await change('a');
  assert.equal(asked, [['a']]);
  assert.ok(a1.signal.aborted && a2.signal.aborted);
  assert.instance(a1.signal.reason, CredentialLapsedError);
  assert.is((a1.signal.reason as CredentialLapsedError).why, 'revoked');
  assert.not.ok(b.signal.aborted);
  assert.is(guard.size, 1);
});

test('an event without an id (a lost event caught by the version check) re-checks every watched token', async () => {
  const { guard, revoked, asked, change } = setup();
  const a = guard.watch(token('a'))!;
  const b = guard.watch(token('b'))!;
  revoked.add('b');
  await change();
  assert.equal(asked, [['a', 'b']]);
  assert.not.ok(a.signal.aborted);
  assert.ok(b.signal.aborted);
});

test('a token expires on its own; the master key never lapses; a released token is forgotten', async () => {
  const { guard, change, asked } = setup();
  const expiring = guard.watch(token('e', new Date(Date.now() + 80)))!;
  assert.is(guard.watch(masterIdentity), undefined, 'the master key is not watched');
  await new Promise((resolve) => setTimeout(resolve, 150));
  assert.ok(expiring.signal.aborted);
  assert.is((expiring.signal.reason as CredentialLapsedError).why, 'expired');
  assert.match((expiring.signal.reason as Error).message, /expired/);

  const held = guard.watch(token('h'))!;
  assert.is(guard.size, 1);
  held.release();
  held.release();
  assert.is(guard.size, 0);
  await change('h');
  assert.equal(asked, [], 'nothing watched, nothing asked');
  guard.close();
});

test.run();
