/**
 * The shared realtime session registry with an in-process event bus: without a directory it lists and
 * closes this instance's sessions; with a directory that fails (Redis away) sessions still open,
 * update, close and end here, one warning is logged, and listing says it cannot list everything;
 * the heartbeat rewrites every open session, so the directory recovers on its own.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { SharedRealtimeSessions } from '../../src/engine/realtime/shared-realtime-sessions.ts';
import { createEventBus } from '../../src/infrastructure/events/event-bus.ts';
import type { Logger } from '../../src/ports/logger.ts';
import type { RealtimeSessionDirectory, StoredRealtimeSession } from '../../src/ports/realtime-session-directory.ts';
import { noRealtimeStats, type RealtimeSessionInfo } from '../../src/ports/realtime-sessions.ts';

function info(id: string): RealtimeSessionInfo {
  return { id, virtualKeyId: 'key', virtualKeyName: 'key name', model: 'gpt-realtime', providerId: null, deploymentId: null, startedAt: new Date() };
}

function recordingLogger(): Logger & { warnings: string[] } {
  const warnings: string[] = [];
  const noop = (): void => undefined;
  const logger = { warnings, info: noop, debug: noop, error: noop, trace: noop, fatal: noop, warn: (_fields: unknown, message?: string) => warnings.push(String(message)) };
  return logger as unknown as Logger & { warnings: string[] };
}

class ScriptedDirectory implements RealtimeSessionDirectory {
  failing = true;
  puts: StoredRealtimeSession[][] = [];
  private async maybeFail(): Promise<void> {
    if (this.failing) throw new Error('Connection is closed.');
  }
  async put(_instance: string, sessions: StoredRealtimeSession[]) {
    await this.maybeFail();
    this.puts.push(sessions);
  }
  async remove() {
    await this.maybeFail();
  }
  async removeInstance() {
    await this.maybeFail();
  }
  async listAll(): Promise<StoredRealtimeSession[]> {
    await this.maybeFail();
    return [];
  }
  async close() {}
}

test('without a directory: this instance’s sessions are listed with their latest usage, closed by id, and gone once ended', async () => {
  const events = createEventBus({});
  const registry = new SharedRealtimeSessions({ instance: 'here', events, logger: recordingLogger() });
  registry.start();
  try {
    const handle = registry.register(info('one'));
    handle.update({ ...noRealtimeStats, inputTokens: 5, costNanos: 42 });
    const [listed] = await registry.list();
    assert.equal([listed!.id, listed!.instanceId, listed!.inputTokens, listed!.costNanos], ['one', 'here', 5, 42]);
    assert.instance(listed!.startedAt, Date);
    assert.is(await registry.close('missing', 'x'), false);
    assert.is(await registry.close('one', 'closed by an admin'), true);
    assert.is(handle.signal.reason, 'closed by an admin');
    handle.end();
    handle.end();
    assert.equal(await registry.list(), []);
    assert.is(await registry.close('one', 'again'), false);
  } finally {
    await registry.stop();
    await events.close();
  }
});

test('a failing directory: sessions still work here, one warning, listing fails loudly, the heartbeat repairs the directory', async () => {
  const events = createEventBus({});
  const logger = recordingLogger();
  const directory = new ScriptedDirectory();
  const registry = new SharedRealtimeSessions({ instance: 'here', events, logger, directory, heartbeatMs: 50, updateIntervalMs: 10 });
  registry.start();
  try {
    const first = registry.register(info('a'));
    const second = registry.register(info('b'));
    first.update({ ...noRealtimeStats, outputTokens: 3 });
    await new Promise((resolve) => setTimeout(resolve, 120));
    assert.is(await registry.close('a', 'closed by an admin'), true, 'a local close needs no directory');
    assert.ok(first.signal.aborted);
    first.end();
    await registry.list().then(
      () => assert.unreachable('listing every instance cannot succeed without the directory'),
      (error: Error) => assert.match(error.message, 'Connection is closed'),
    );
    assert.equal(logger.warnings.length, 1, `one warning, not one per write: ${JSON.stringify(logger.warnings)}`);
    directory.failing = false;
    await new Promise((resolve) => setTimeout(resolve, 120));
    const rewritten = directory.puts.flat().map((session) => session.id);
    assert.ok(rewritten.includes('b') && !rewritten.includes('a'), `the heartbeat rewrote the open session only: ${rewritten}`);
    second.end();
  } finally {
    await registry.stop();
    await events.close();
  }
});

test.run();
