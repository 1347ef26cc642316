/**
 * The realtime session registry across instances. Each instance keeps its own sessions (and their
 * abort controllers) in memory and mirrors them to the directory (Redis) so that any instance can list
 * them; a close asked on another instance travels on the event bus to the instance holding the
 * session. Every start, end and (at most once per `updateIntervalMs` per session) change is published
 * on the bus for the `realtimeSessionsChanged` subscription.
 *
 * Without a directory (no Redis) the registry lists and closes the sessions of this instance only.
 */
import type { EventBus, RealtimeSessionChangedEvent, RealtimeSessionCloseRequestedEvent } from '../../ports/event-bus.ts';
import type { Logger } from '../../ports/logger.ts';
import type { RealtimeSessionDirectory, StoredRealtimeSession } from '../../ports/realtime-session-directory.ts';
import type {
  RealtimeSessionHandle,
  RealtimeSessionInfo,
  RealtimeSessionStats,
  RealtimeSessions,
  RealtimeSessionView,
} from '../../ports/realtime-sessions.ts';

export const realtimeSessionChangedTopic = 'conduit:realtimeSessionChanged' as 'realtimeSessionChanged';
const closeRequestedTopic = 'conduit:realtimeSessionCloseRequested' as 'realtimeSessionCloseRequested';

export interface SharedRealtimeSessionsOptions {
  instance: string;
  events: EventBus;
  logger: Logger;
  directory?: RealtimeSessionDirectory;
  /** How often a changed session is written and published at most. */
  updateIntervalMs?: number;
  /** How often this instance rewrites its sessions to the directory, renewing their lease. */
  heartbeatMs?: number;
}

interface LocalSession {
  stored: StoredRealtimeSession;
  controller: AbortController;
  dirty: boolean;
}

export class SharedRealtimeSessions implements RealtimeSessions {
  private readonly local = new Map<string, LocalSession>();
  private readonly instance: string;
  private flushTimer: NodeJS.Timeout | undefined;
  private heartbeatTimer: NodeJS.Timeout | undefined;
  private closeRequests: AsyncIterator<RealtimeSessionCloseRequestedEvent> | undefined;
  private pump: Promise<void> | undefined;
  /** Directory writes in order, so an end never lands before the start it follows. */
  private writes: Promise<void> = Promise.resolve();
  /** While the directory is failing, one warning, not one per write. */
  private directoryFailing = false;

  constructor(private readonly options: SharedRealtimeSessionsOptions) {
    this.instance = options.instance;
  }

  /** Listens for close requests from other instances and renews this instance's lease. */
  start(): void {
    if (this.options.directory && !this.heartbeatTimer) {
      this.heartbeatTimer = setInterval(() => this.write((directory) => directory.put(this.instance, this.storedSessions())), this.options.heartbeatMs ?? 5_000);
      this.heartbeatTimer.unref();
    }
    if (this.pump) return;
    const source = (this.options.events.pubSub.subscribe as (topic: string) => AsyncIterable<RealtimeSessionCloseRequestedEvent>)(closeRequestedTopic);
    this.closeRequests = source[Symbol.asyncIterator]();
    this.pump = (async () => {
      for (;;) {
        const next = await this.closeRequests!.next();
        if (next.done) return;
        if (next.value.instance === this.instance) this.closeLocal(next.value.id, next.value.reason);
      }
    })().catch((error: unknown) => this.options.logger.error({ err: error }, 'realtime close requests stopped'));
  }

  register(info: RealtimeSessionInfo): RealtimeSessionHandle {
    const controller = new AbortController();
    const stored: StoredRealtimeSession = {
      id: info.id,
      virtualKeyId: info.virtualKeyId,
      virtualKeyName: info.virtualKeyName,
      model: info.model,
      providerId: info.providerId,
      deploymentId: info.deploymentId,
      startedAt: info.startedAt.toISOString(),
      audioSecondsIn: 0,
      audioSecondsOut: 0,
      inputTokens: 0,
      outputTokens: 0,
      costNanos: 0,
      instanceId: this.instance,
    };
    const session: LocalSession = { stored, controller, dirty: false };
    this.local.set(info.id, session);
    this.write((directory) => directory.put(this.instance, [stored]));
    this.publish('started', stored);
    let ended = false;
    return {
      signal: controller.signal,
      update: (stats) => {
        if (ended) return;
        this.applyStats(session, stats);
      },
      end: () => {
        if (ended) return;
        ended = true;
        this.local.delete(info.id);
        this.write((directory) => directory.remove(this.instance, [info.id]));
        this.publish('ended', { ...session.stored });
      },
    };
  }

  async list(): Promise<RealtimeSessionView[]> {
    const stored = this.options.directory ? await this.listEverywhere(this.options.directory) : this.storedSessions();
    return stored.map(viewOf).sort((left, right) => left.startedAt.getTime() - right.startedAt.getTime());
  }

  async close(id: string, reason: string): Promise<boolean> {
    if (this.closeLocal(id, reason)) return true;
    if (!this.options.directory) return false;
    const session = (await this.options.directory.listAll()).find((candidate) => candidate.id === id);
    if (!session) return false;
    this.options.events.pubSub.publish(closeRequestedTopic, { id, instance: session.instanceId, reason });
    return true;
  }

  /** Stops listening and takes this instance's sessions out of the directory (their connections close with the server). */
  async stop(): Promise<void> {
    clearInterval(this.heartbeatTimer);
    clearTimeout(this.flushTimer);
    this.heartbeatTimer = undefined;
    this.flushTimer = undefined;
    await this.closeRequests?.return?.();
    await this.pump;
    this.write((directory) => directory.removeInstance(this.instance));
    await this.writes;
  }

  private closeLocal(id: string, reason: string): boolean {
    const session = this.local.get(id);
    if (!session) return false;
    if (!session.controller.signal.aborted) session.controller.abort(reason);
    return true;
  }

  private applyStats(session: LocalSession, stats: Partial<RealtimeSessionStats>): void {
    const stored = session.stored;
    stored.audioSecondsIn = stats.audioSecondsIn ?? stored.audioSecondsIn;
    stored.audioSecondsOut = stats.audioSecondsOut ?? stored.audioSecondsOut;
    stored.inputTokens = stats.inputTokens ?? stored.inputTokens;
    stored.outputTokens = stats.outputTokens ?? stored.outputTokens;
    stored.costNanos = stats.costNanos ?? stored.costNanos;
    session.dirty = true;
    this.flushTimer ??= setTimeout(() => this.flush(), this.options.updateIntervalMs ?? 1_000);
    this.flushTimer.unref?.();
  }

  /** Writes and publishes every session changed since the last flush. */
  private flush(): void {
    this.flushTimer = undefined;
    const changed: StoredRealtimeSession[] = [];
    for (const session of this.local.values()) {
      if (!session.dirty) continue;
      session.dirty = false;
      changed.push({ ...session.stored });
    }
    if (changed.length === 0) return;
    this.write((directory) => directory.put(this.instance, changed));
    for (const session of changed) this.publish('updated', session);
  }

  private publish(change: RealtimeSessionChangedEvent['change'], session: StoredRealtimeSession): void {
    if (!this.options.events.listening(realtimeSessionChangedTopic)) return;
    this.options.events.pubSub.publish(realtimeSessionChangedTopic, { change, session });
  }

  private write(operation: (directory: RealtimeSessionDirectory) => Promise<void>): void {
    const directory = this.options.directory;
    if (!directory) return;
    this.writes = this.writes
      .then(() => operation(directory))
      .then(
        () => {
          if (this.directoryFailing) this.options.logger.info('realtime session directory writes work again');
          this.directoryFailing = false;
        },
        (error: unknown) => {
          if (!this.directoryFailing) this.options.logger.warn({ err: error }, 'realtime session directory write failed; the heartbeat rewrites every session once it works');
          this.directoryFailing = true;
        },
      );
  }

  private async listEverywhere(directory: RealtimeSessionDirectory): Promise<StoredRealtimeSession[]> {
    await this.writes;
    const everywhere = await directory.listAll();
    // This instance's own sessions are exact in memory; the directory may lag by one flush.
    return [...everywhere.filter((session) => session.instanceId !== this.instance), ...this.storedSessions()];
  }

  private storedSessions(): StoredRealtimeSession[] {
    return [...this.local.values()].map((session) => ({ ...session.stored }));
  }
}

export function viewOf(session: StoredRealtimeSession): RealtimeSessionView {
  return { ...session, startedAt: new Date(session.startedAt) };
}
