/**
 * One realtime session once it is admitted and its upstream is connected: client events go to the
 * translator, server events to the client, and usage is billed as it arrives — each report settles
 * the slice it used and reserves the next, and a budget that cannot cover the next slice ends the
 * session with a `budget_exceeded` error event. Every way a session can end (the client leaves, the
 * provider ends it, idle or too long, the key disabled, an admin or the shutdown closes it, either
 * side not keeping up) goes through `end`, which settles the usage and logs one row.
 */
import type { WebSocket } from 'ws';
import { ProviderError, realtimeErrorEvent, realtimeEventId, type RealtimeServerEvent, type RealtimeTranslatorSession, type RealtimeUsage } from '@conduit/plugin-api';
import type { Cancellation } from '@conduit/plugin-api/internal';
import type { AdmissionTicket } from '../../domain/admission-ticket.ts';
import type { AuthenticatedKey } from '../../engine/keys/virtual-key-cache.ts';
import type { RealtimeUsageTotals } from '../../engine/realtime/realtime-usage-totals.ts';
import type { RequestRecord } from '../../engine/usage/request-record.ts';
import type { Logger } from '../../ports/logger.ts';
import { readClientFrame } from './realtime-client-event.ts';

/** Why a session ended: `code` is logged (and sent in an error event when `event` is set). */
export interface SessionEnd {
  code: string;
  message: string;
  /** The WebSocket close code sent to the client. */
  closeCode: number;
  /** Send an `error` event with this type before closing. */
  event?: 'invalid_request_error' | 'server_error' | 'rate_limit_error' | 'insufficient_quota';
  /** The provider's error that ended it, counted against its deployment. */
  cause?: ProviderError;
}

export const sessionEnds = {
  clientClosed: { code: 'client_closed', message: 'The client closed the session.', closeCode: 1000 },
  upstreamClosed: { code: 'upstream_closed', message: 'The provider ended the session.', closeCode: 1000 },
  idle: (seconds: number): SessionEnd => ({ code: 'idle_timeout', message: `The session was idle for ${seconds} s and was closed.`, closeCode: 1000, event: 'invalid_request_error' }),
  tooLong: (seconds: number): SessionEnd => ({ code: 'session_expired', message: `The session reached its maximum duration of ${seconds} s.`, closeCode: 1000, event: 'invalid_request_error' }),
  budget: (message: string): SessionEnd => ({ code: 'budget_exceeded', message, closeCode: 1008, event: 'insufficient_quota' }),
  limitsUnavailable: { code: 'limits_unavailable', message: "The gateway cannot check this key's budget right now; the session was closed.", closeCode: 1011, event: 'server_error' } as SessionEnd,
  keyDisabled: { code: 'key_disabled', message: 'The API key of this session was disabled, deleted or has expired.', closeCode: 1008, event: 'invalid_request_error' } as SessionEnd,
  closedByAdmin: (reason: string): SessionEnd => ({ code: 'closed_by_admin', message: `An administrator closed the session${reason ? `: ${reason}` : ''}.`, closeCode: 1008, event: 'invalid_request_error' }),
  shutdown: { code: 'server_shutting_down', message: 'The gateway is shutting down; reconnect to continue.', closeCode: 1001, event: 'server_error' } as SessionEnd,
  clientSlow: { code: 'client_backpressure', message: 'The client is not reading the session\'s events fast enough; the session was closed.', closeCode: 1008 } as SessionEnd,
  upstreamSlow: (message: string): SessionEnd => ({ code: 'upstream_backpressure', message: `${message}; the session was closed.`, closeCode: 1013, event: 'server_error' }),
  upstreamFailed: (error: ProviderError): SessionEnd => ({ code: 'upstream_error', message: error.message, closeCode: 1011, event: 'server_error', cause: error }),
} as const;

const billed: Promise<void> = Promise.resolve();

export interface RelayBilling {
  /** The session's cost so far (nano-dollars) from its usage totals. */
  cost(totals: RealtimeUsageTotals): number;
  /** Settles `cost` of the current slice (its reservation released, the ticket keeps its slots). */
  settleSlice(ticket: AdmissionTicket, cost: number): Promise<unknown>;
  /** Reserves the next slice; false when a budget cannot cover it. */
  reserveSlice(ticket: AdmissionTicket, amount: number): Promise<boolean>;
  /** Nano-dollars reserved per slice. */
  sliceNanos: number;
}

export interface RelayLimits {
  maxEventBytes: number;
  idleTimeoutSeconds: number;
  maxSessionSeconds: number;
  /** Bytes queued to the client before the session is closed for not reading. */
  maxClientBufferedBytes: number;
  /** Server events held until the client socket is attached. */
  maxPendingEvents: number;
}

export interface RelayOptions {
  id: string;
  key: AuthenticatedKey;
  /** The hash of the presented key, to check it is still valid when keys change. */
  keyHash: string;
  record: RequestRecord;
  totals: RealtimeUsageTotals;
  billing: RelayBilling;
  limits: RelayLimits;
  cancellation: Cancellation;
  logger: Logger;
  /** Called once, when the session has ended and its usage is final. */
  ended(relay: RealtimeRelay, end: SessionEnd): void;
  /** Usage changed (for the session registry). */
  progressed?(relay: RealtimeRelay): void;
}

export class RealtimeRelay {
  readonly startedAt = Date.now();
  private client: WebSocket | undefined;
  /** Server events (as JSON) held until the client is attached. */
  private pending: string[] | undefined = [];
  private upstream: RealtimeTranslatorSession | undefined;
  private lastActivity = Date.now();
  private timer: NodeJS.Timeout | undefined;
  /** The billing work queued so far; back to `billed` once it has all run (see usage()). */
  private billing: Promise<void> = billed;
  private endedWith: SessionEnd | undefined;
  private finished: Promise<void> | undefined;

  constructor(readonly options: RelayOptions) {}

  get id(): string {
    return this.options.id;
  }

  get key(): AuthenticatedKey {
    return this.options.key;
  }

  get ending(): boolean {
    return this.endedWith !== undefined;
  }

  /** The translator's callbacks; events sent before the client is attached are held. */
  readonly events = {
    send: (event: RealtimeServerEvent, json?: string): void => this.sendToClient(event, false, json),
    usage: (usage: RealtimeUsage): void => this.usage(usage),
    closed: (error?: ProviderError): void => {
      void this.end(error ? sessionEnds.upstreamFailed(error) : sessionEnds.upstreamClosed);
    },
  };

  /** The translator session, once connected. */
  connected(upstream: RealtimeTranslatorSession): void {
    this.upstream = upstream;
    if (this.endedWith) void upstream.close().catch(() => undefined);
  }

  /** The client's WebSocket, once upgraded: held events go out, its events come in. */
  attach(client: WebSocket): void {
    this.client = client;
    if (this.endedWith) {
      client.close(this.endedWith.closeCode, this.endedWith.message.slice(0, 120));
      return;
    }
    const held = this.pending ?? [];
    this.pending = undefined;
    for (const json of held) this.sendToClient(undefined, false, json);
    client.on('message', (data: Buffer, isBinary: boolean) => this.clientFrame(data, isBinary));
    client.on('close', () => void this.end(sessionEnds.clientClosed));
    client.on('error', () => void this.end(sessionEnds.clientClosed));
    this.timer = setInterval(() => this.checkTime(), 1000);
    this.timer.unref();
  }

  /** Ends the session (once); resolves when its usage is settled and its row handed to the log. */
  end(reason: SessionEnd): Promise<void> {
    if (this.finished) return this.finished;
    this.endedWith = reason;
    this.finished = this.finish(reason);
    return this.finished;
  }

  /** Warns the client that the gateway is stopping (the session goes on until the grace period ends). */
  warnShutdown(): void {
    this.sendToClient(this.errorEvent(sessionEnds.shutdown));
  }

  private async finish(reason: SessionEnd): Promise<void> {
    clearInterval(this.timer);
    const client = this.client;
    if (client && client.readyState === client.OPEN) {
      if (reason.event) this.sendToClient(this.errorEvent(reason), true);
      client.close(reason.closeCode, reason.message.slice(0, 120));
    }
    this.options.cancellation.abort(new Error(reason.message));
    try {
      await this.upstream?.close();
    } catch (error) {
      this.options.logger.debug({ err: error, session: this.id }, 'closing the upstream session failed');
    }
    // The last usage came with close(); the billing chain settles what it has queued.
    await this.billing;
    const { record } = this.options;
    record.closeReason = reason.code;
    if (reason !== sessionEnds.clientClosed && reason !== sessionEnds.upstreamClosed) {
      record.streamError = { code: reason.code, message: reason.message };
    }
    try {
      this.options.ended(this, reason);
    } catch (error) {
      this.options.logger.error({ err: error, session: this.id }, 'recording a realtime session failed');
    }
    if (client && client.readyState !== client.CLOSED) setTimeout(() => client.terminate(), 2000).unref();
  }

  private errorEvent(reason: SessionEnd): RealtimeServerEvent {
    return { type: 'error', event_id: realtimeEventId(), error: { type: reason.event ?? 'server_error', code: reason.code, message: reason.message, param: null, event_id: null } };
  }

  /** `json`: the event already serialised (a provider's message passed on as it came); otherwise `event` is. */
  private sendToClient(event: RealtimeServerEvent | undefined, final = false, json?: string): void {
    if (this.pending) {
      if (this.pending.length >= this.options.limits.maxPendingEvents) {
        void this.end(sessionEnds.clientSlow);
        return;
      }
      this.pending.push(json ?? JSON.stringify(event));
      return;
    }
    const client = this.client;
    if (!client || client.readyState !== client.OPEN) return;
    if (this.endedWith && !final) return;
    client.send(json ?? JSON.stringify(event));
    if (!final && client.bufferedAmount > this.options.limits.maxClientBufferedBytes) void this.end(sessionEnds.clientSlow);
  }

  private clientFrame(data: Buffer, isBinary: boolean): void {
    if (this.endedWith) return;
    this.lastActivity = Date.now();
    const frame = readClientFrame(data, isBinary, this.options.limits.maxEventBytes);
    if ('error' in frame) {
      this.sendToClient(frame.error);
      return;
    }
    const { event, text } = frame;
    const upstream = this.upstream;
    if (!upstream) return;
    const refused = (error: unknown): void => {
      if (this.endedWith) return;
      if (ProviderError.isInstance(error)) {
        if (error.code === 'overloaded') {
          void this.end(sessionEnds.upstreamSlow(error.message));
          return;
        }
        this.sendToClient(realtimeErrorEvent(error, event));
        return;
      }
      this.options.logger.warn({ err: error, session: this.id, eventType: event.type }, 'a realtime client event failed');
      this.sendToClient(realtimeErrorEvent({ code: 'server', message: 'The event could not be handled.' }, event));
    };
    try {
      const handled = upstream.handleClientEvent(event, text);
      if (handled) handled.catch(refused);
    } catch (error) {
      refused(error);
    }
  }

  private usage(report: RealtimeUsage): void {
    this.options.totals.add(report);
    this.options.progressed?.(this);
    const { billing, record } = this.options;
    const ticket = record.admission;
    if (!ticket) return;
    const queued = this.billing.then(async () => {
      const due = billing.cost(this.options.totals) - (record.settledNanos ?? 0);
      // Nothing used since the last settlement: the slice reserved then still stands.
      if (due <= 0) return;
      await billing.settleSlice(ticket, due);
      record.settledNanos = (record.settledNanos ?? 0) + due;
      if (this.endedWith) return;
      let covered: boolean;
      try {
        covered = await billing.reserveSlice(ticket, billing.sliceNanos);
      } catch (error) {
        // Unbilled time cannot be allowed to run on: the session ends, saying why.
        this.options.logger.warn({ err: error, session: this.id }, 'reserving the next slice of a realtime session failed');
        void this.end(sessionEnds.limitsUnavailable);
        return;
      }
      if (!covered) void this.end(sessionEnds.budget('The budget cannot cover the next part of this session; it was closed.'));
    });
    this.billing = queued;
    // Not kept once done: held until the next report (seconds later), each link of the chain would be
    // promoted to the old generation and die there.
    const drained = (): void => {
      if (this.billing === queued) this.billing = billed;
    };
    queued.then(drained, (error: unknown) => {
      this.options.logger.error({ err: error, session: this.id }, 'billing a realtime session failed');
      drained();
    });
  }

  private checkTime(): void {
    const now = Date.now();
    const { idleTimeoutSeconds, maxSessionSeconds } = this.options.limits;
    const { expiresAt } = this.options.key;
    if (expiresAt !== null && expiresAt <= now) void this.end(sessionEnds.keyDisabled);
    else if (now - this.startedAt >= maxSessionSeconds * 1000) void this.end(sessionEnds.tooLong(maxSessionSeconds));
    else if (now - this.lastActivity >= idleTimeoutSeconds * 1000) void this.end(sessionEnds.idle(idleTimeoutSeconds));
  }
}
