/**
 * The response cache (design §2 stage 8): exact-match answers of endpoints that declare themselves
 * cacheable, for public models with a deployment whose cache TTL is set. Keyed by a hash of the
 * endpoint, the public model and the request's canonical form; shared by every virtual key (the key's
 * own checks — model access, rate limits, budget — run before the lookup).
 *
 * The cache is an optimisation, never a dependency: a store that fails or times out makes the cache
 * skip itself for a while (logged once, counted as an error) and the request goes to the provider.
 *
 * Identical requests at the same moment (a retry storm, a page many users open) would all miss and
 * all call the provider. Requests for a whole answer (not a stream) board a flight per key instead:
 * the first leads and calls the provider; the others wait until its answer is stored (or it has none)
 * and then look up. Per instance; streams are not held back, as a stream's first token matters more.
 */
import { createHash } from 'node:crypto';
import type { Usage } from '@conduit/plugin-api';
import type { Logger } from '../../ports/logger.ts';
import type { ResponseCacheStore } from '../../ports/response-cache-store.ts';
import type { DeploymentRoute } from '../state/config-snapshot.ts';
import { cacheDirectives } from './cache-control.ts';
import { canonicalJson } from './canonical-json.ts';

/** An answer as it was sent: JSON text, or the stream's SSE events (without the closing `[DONE]`). */
export interface CachedAnswer {
  kind: 'json' | 'sse';
  body: string;
  usage: Usage | undefined;
  usageEstimated: boolean;
}

export type CacheOutcome = 'hit' | 'miss' | 'bypass' | 'store' | 'error' | 'coalesced';

/**
 * A request's part in the answer being fetched for its key: it leads (calls the provider, then `land`s
 * with the store of its answer, or with none) or follows (waits until the leader `landed`).
 */
export type CacheFlight = { leads: true; land(stored?: Promise<void>): void } | { leads: false; landed: Promise<void> };

/** What a lookup found, as the `x-conduit-cache` header says it: BYPASS when the lookup was skipped or failed. */
export type CacheLookup = { status: 'HIT'; answer: CachedAnswer } | { status: 'MISS' | 'BYPASS'; answer?: undefined };

/** A request the cache applies to: its key, and what its `Cache-Control` allows. */
export interface CacheTicket {
  key: string;
  lookup: boolean;
  store: boolean;
}

export interface ResponseCacheStats {
  hits: number;
  misses: number;
  bypasses: number;
  stores: number;
  errors: number;
  /** Requests that waited for an identical request's answer instead of calling the provider too. */
  coalesced: number;
}

export interface ResponseCacheOptions {
  store: ResponseCacheStore;
  logger: Logger;
  /** An answer larger than this (in characters) is not stored. */
  maxEntryChars: number;
  /** A lookup slower than this counts as a failure; the request goes on to the provider. */
  timeoutMs?: number;
  /** How long the cache skips itself after a failure before trying the store again. */
  pauseMs?: number;
  /** Each outcome as it happens (the /metrics counters). */
  count?: (outcome: CacheOutcome) => void;
  now?: () => number;
}

const entryVersion = 1;
const bypass: CacheLookup = { status: 'BYPASS' };
const miss: CacheLookup = { status: 'MISS' };

export class ResponseCache {
  private readonly counts: ResponseCacheStats = { hits: 0, misses: 0, bypasses: 0, stores: 0, errors: 0, coalesced: 0 };
  /** The answers requests of this instance are fetching now, by key: settled when stored (or not). */
  private readonly flights = new Map<string, Promise<void>>();
  private pausedUntil = 0;
  private failing = false;
  private readonly now: () => number;

  constructor(private readonly options: ResponseCacheOptions) {
    this.now = options.now ?? Date.now;
  }

  /** The largest answer stored, in characters. */
  get maxEntryChars(): number {
    return this.options.maxEntryChars;
  }

  /** Whether requests for a public model are cached: one of its deployments has a cache TTL. */
  static enabledFor(routes: readonly DeploymentRoute[]): boolean {
    for (const route of routes) if ((route.cacheTtlSeconds ?? 0) > 0) return true;
    return false;
  }

  /** The ticket of a request: its key from what decides its answer, and what `Cache-Control` allows. */
  ticket(endpoint: string, model: string, request: unknown, cacheControl: string | string[] | undefined): CacheTicket {
    const directives = cacheDirectives(cacheControl);
    const key = createHash('sha256').update(`${endpoint}\n${model}\n${canonicalJson(request)}`).digest('hex');
    return { key, lookup: directives.lookup && !this.paused(), store: directives.store };
  }

  /** The stored answer, if any. Counts the outcome; a store that failed counts as an error and a bypass. */
  async lookup(ticket: CacheTicket): Promise<CacheLookup> {
    if (!ticket.lookup) {
      this.counted('bypass');
      return bypass;
    }
    let text: string | undefined;
    try {
      text = await this.withTimeout(this.options.store.get(ticket.key));
      this.recovered();
    } catch (error) {
      this.failed(error);
      return bypass;
    }
    const answer = text === undefined ? undefined : parseEntry(text);
    if (!answer) {
      this.counted('miss');
      return miss;
    }
    this.counted('hit');
    return { status: 'HIT', answer };
  }

  /**
   * Boards the flight for the ticket's key, before its lookup: leads a new one, or follows the one
   * under way (counted as coalesced). Undefined when the ticket may not both look up and store.
   */
  board(ticket: CacheTicket): CacheFlight | undefined {
    if (!ticket.lookup || !ticket.store) return undefined;
    const landed = this.flights.get(ticket.key);
    if (landed) {
      this.counted('coalesced');
      return { leads: false, landed };
    }
    let land!: () => void;
    const flight = new Promise<void>((resolve) => (land = resolve));
    this.flights.set(ticket.key, flight);
    let landing = false;
    return {
      leads: true,
      land: (stored) => {
        if (landing) return;
        landing = true;
        void (stored ?? Promise.resolve()).finally(() => {
          if (this.flights.get(ticket.key) === flight) this.flights.delete(ticket.key);
          land();
        });
      },
    };
  }

  /**
   * Stores a complete, successful answer with the TTL of the deployment that gave it (none: not
   * stored). Runs after the response was sent; never rejects: settles when the entry is stored or
   * the store failed.
   */
  store(ticket: CacheTicket, answer: CachedAnswer, ttlSeconds: number | undefined): Promise<void> | undefined {
    if (!ticket.store || !ttlSeconds || ttlSeconds <= 0 || answer.body.length > this.options.maxEntryChars || this.paused()) return undefined;
    const entry = JSON.stringify({ v: entryVersion, ...answer });
    return this.withTimeout(this.options.store.set(ticket.key, entry, ttlSeconds * 1000)).then(
      () => {
        this.recovered();
        this.counted('store');
      },
      (error: unknown) => this.failed(error),
    );
  }

  /** Removes every stored answer (on every instance, with Redis). */
  async clear(): Promise<void> {
    await this.options.store.clear();
  }

  /** This instance's counts since it started. */
  stats(): ResponseCacheStats {
    return { ...this.counts };
  }

  close(): Promise<void> {
    return this.options.store.close();
  }

  private paused(): boolean {
    return this.pausedUntil !== 0 && this.now() < this.pausedUntil;
  }

  private counted(outcome: CacheOutcome): void {
    if (outcome === 'hit') this.counts.hits++;
    else if (outcome === 'miss') this.counts.misses++;
    else if (outcome === 'bypass') this.counts.bypasses++;
    else if (outcome === 'store') this.counts.stores++;
    else if (outcome === 'coalesced') this.counts.coalesced++;
    else this.counts.errors++;
    this.options.count?.(outcome);
  }

  private failed(error: unknown): void {
    this.counted('error');
    this.pausedUntil = this.now() + (this.options.pauseMs ?? 5_000);
    if (this.failing) return;
    this.failing = true;
    this.options.logger.warn({ err: error }, 'the response cache store is unreachable; requests go to the providers until it is back');
  }

  private recovered(): void {
    if (!this.failing) return;
    this.failing = false;
    this.pausedUntil = 0;
    this.options.logger.info('the response cache store is reachable again');
  }

  private withTimeout<T>(operation: Promise<T>): Promise<T> {
    const timeoutMs = this.options.timeoutMs ?? 1_000;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => reject(new Error(`the response cache store did not answer within ${timeoutMs} ms`)), timeoutMs);
    });
    return Promise.race([operation, timeout]).finally(() => clearTimeout(timer));
  }
}

/** A stored entry, or undefined when it is not one this version wrote (then it counts as a miss). */
function parseEntry(text: string): CachedAnswer | undefined {
  try {
    const entry = JSON.parse(text) as Partial<CachedAnswer> & { v?: number };
    if (entry.v !== entryVersion || (entry.kind !== 'json' && entry.kind !== 'sse') || typeof entry.body !== 'string') return undefined;
    return { kind: entry.kind, body: entry.body, usage: entry.usage ?? undefined, usageEstimated: entry.usageEstimated === true };
  } catch {
    return undefined;
  }
}
