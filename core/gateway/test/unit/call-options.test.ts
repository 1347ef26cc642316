/** The options of an upstream call: a real AbortSignal for plugins that read it, also through a copy. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Cancellation } from '@conduit/plugin-api/internal';
import { callOptions } from '../../src/pipeline/stages/call-options.ts';
import type { DeploymentRoute } from '../../src/engine/state/config-snapshot.ts';

const route = { timeouts: { firstByteMs: 5 } } as unknown as DeploymentRoute;

test('signal follows the cancellation, read before or after it aborts, also from a spread copy', () => {
  const cancellation = new Cancellation();
  const options = callOptions(route, cancellation, 'req_1');
  const before = options.signal;
  const copy = { ...options, requestId: 'req_2' };
  assert.is(before.aborted, false);
  const reason = new Error('the client left');
  cancellation.abort(reason);
  assert.is(before.aborted, true);
  assert.is(copy.signal.reason, reason);
  assert.equal([options.requestId, options.timeouts, options.cancellation], ['req_1', { firstByteMs: 5 }, cancellation]);
  assert.is(callOptions(route, cancellation, 'req_3').signal.reason, reason);
});

test.run();
