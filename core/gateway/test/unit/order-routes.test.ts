import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { orderRoutes } from '../../src/engine/routing/order-routes.ts';
import type { DeploymentRoute } from '../../src/engine/state/config-snapshot.ts';

const route = (id: string, priority: number, weight: number): DeploymentRoute => ({ id, priority, weight }) as DeploymentRoute;

test('lower priority values come first', () => {
  const ordered = orderRoutes([route('b', 2, 1), route('a', 1, 1), route('c', 3, 1)]);
  assert.equal(ordered.map((entry) => entry.id), ['a', 'b', 'c']);
});

test('within a priority, traffic follows the weights', () => {
  const counts: Record<string, number> = { heavy: 0, light: 0 };
  let seed = 1;
  const random = () => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646;
  for (let i = 0; i < 4000; i++) counts[orderRoutes([route('heavy', 0, 3), route('light', 0, 1)], random)[0]!.id]!++;
  const share = counts.heavy! / 4000;
  assert.ok(share > 0.7 && share < 0.8, `heavy got ${share}`);
});

test('a zero-weight deployment is tried last within its priority', () => {
  for (let i = 0; i < 50; i++) {
    assert.is(orderRoutes([route('zero', 0, 0), route('one', 0, 1)])[0]!.id, 'one');
  }
});

test.run();
