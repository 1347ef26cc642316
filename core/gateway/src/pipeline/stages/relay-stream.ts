/**
 * Relays a provider's stream to the client as OpenAI server-sent events.
 *
 * The response starts only once a chunk with real output arrived, so a deployment that fails before
 * that (even after sending a role-only chunk) is replaced by the next one without the client noticing.
 * After the first byte, a failure ends the stream with an OpenAI-shaped error event. Usage is taken
 * from the provider's usage chunk, which is stripped again when the client did not ask for it.
 *
 * A stream already in OpenAI's format may offer its events as raw JSON text, a network read's worth
 * at a time (raw-json-events.ts): then only events that may carry usage are parsed; the rest are
 * forwarded as the upstream wrote them, with whether they carry output and their output text (for
 * the usage estimate) read by one scan (raw-chunk-scanner.ts). Once the response has started, such a
 * stream hands out runs of plain events, written on as they are; their output text is only read when
 * the stream ends without usage (sse-run-text.ts).
 */
import { performance } from 'node:perf_hooks';
import { ProviderError, networkError, type Usage } from '@conduit/plugin-api';
import {
  isSseRun,
  markRawJson,
  rawJsonEventsOf,
  type Cancellation,
  type RawJsonEventIterator,
} from '@conduit/plugin-api/internal';
import type { RoutePlan } from '../../engine/routing/plan-routes.ts';
import type { Router } from '../../engine/routing/router.ts';
import type { DeploymentRoute } from '../../engine/state/config-snapshot.ts';
import { estimateUsage } from '../../engine/usage/estimate-usage.ts';
import type { Prompt } from '../../engine/usage/prompt.ts';
import { providerErrorResponse } from '../ingress/provider-error-response.ts';
import type { RequestRecord } from '../../engine/usage/request-record.ts';
import type { Exchange } from '../exchange.ts';
import { setRouteHeaders } from '../http/route-headers.ts';
import { SseWriter } from '../http/sse-writer.ts';
import { RawChunkScanner } from '../http/raw-chunk-scanner.ts';
import { checkStreamChunk } from '../http/check-stream-chunk.ts';
import { runEvents, runWithoutNullUsage, splitAtUsage, visitRunEvents } from '../http/sse-run-text.ts';
import { streamChunkJson, withoutNullUsage, type StreamChunk } from '../http/stream-chunk-json.ts';
import { awaitUpstream, setOverheadHeader } from '../http/upstream-time.ts';

export type { StreamChunk } from '../http/stream-chunk-json.ts';

export interface RelayOptions<Chunk extends StreamChunk> {
  plan: RoutePlan;
  router: Router;
  cancellation: Cancellation;
  open(route: DeploymentRoute): AsyncIterable<Chunk>;
  /** Whether a chunk carries output the client must see (text, tool calls, a finish reason). */
  hasOutput(chunk: Chunk): boolean;
  /** The text a chunk delivers, for estimating usage when the provider reports none. */
  outputText(chunk: Chunk): string;
  /**
   * The keys whose string values are the output text (as `outputText` reads them), for events relayed
   * as raw text. Without them, streams are always parsed.
   */
  outputKeys?: readonly string[];
  includeUsage: boolean;
  prompt: Prompt;
  /** Keep what the client was sent, up to this many characters, for the response cache. */
  recordUpTo?: number;
}

/** Role-only chunks held back before the first output; more than this and we start anyway. */
const maxHeldChunks = 16;
/** Runs sent are kept for the usage estimate until usage arrives; past this much they are read. */
const maxUnreadRunChars = 32 * 1024;

/**
 * Resolves, when `recordUpTo` was given and the stream was delivered whole without an error, with the
 * events the client was sent (as SSE text, without `[DONE]`).
 */
export async function relayStream<Chunk extends StreamChunk>(exchange: Exchange, record: RequestRecord, options: RelayOptions<Chunk>): Promise<string | undefined> {
  const scanner = options.outputKeys ? new RawChunkScanner(options.outputKeys) : undefined;
  const { value: opened, route, attempts, finish } = await awaitUpstream(
    exchange,
    record,
    options.router.open(options.plan, options.cancellation, async (candidate) => {
      const stream = options.open(candidate);
      const events: RawJsonEventIterator | AsyncIterator<readonly Chunk[], undefined> =
        (scanner ? rawJsonEventsOf(stream) : undefined) ?? oneByOne(stream[Symbol.asyncIterator](), candidate.provider.name);
      // A raw event the scan cannot judge is parsed, and held parsed (its text stays marked on it).
      const judged = (item: Chunk | string): { item: Chunk | string; output: boolean } => {
        if (typeof item === 'string') {
          const output = scanner!.hasOutput(item);
          if (output !== undefined) return { item, output };
          item = parseRawChunk<Chunk>(item, candidate.provider.name);
        }
        return { item, output: options.hasOutput(item) };
      };
      // Runs (whole stretches of events as text) are looked into only up to the first output.
      (events as RawJsonEventIterator).runs?.();
      const held: Array<Chunk | string> = [];
      /** Holds an item; true once the response can start (it has output, or enough was held). */
      const hold = (item: Chunk | string): boolean => {
        const { item: judgedItem, output } = judged(item);
        held.push(judgedItem);
        return output || held.length >= maxHeldChunks;
      };
      try {
        return { events, held, done: await readUntilOutput(events, hold, held) };
      } catch (error) {
        // This attempt failed before any output: close its upstream before the router moves on.
        await closeQuietly(events);
        throw error;
      }
    }),
  );

  setOverheadHeader(exchange);
  const writer = new SseWriter(exchange.response);
  if (options.recordUpTo !== undefined) writer.record(options.recordUpTo);
  // x-request-id, the overhead and the rate-limit headers are already in the head.
  setRouteHeaders(exchange.head, route, attempts);
  writer.start(exchange.head);
  record.firstByteMs = performance.now() - exchange.startedAt;

  let usage: Usage | undefined;
  let delivered = '';
  /** Returns a promise when the client is not keeping up: wait for it before sending more. */
  const send = (chunk: Chunk): Promise<void> | undefined => {
    if (chunk.usage) usage = chunk.usage;
    delivered += options.outputText(chunk);
    const json = streamChunkJson(chunk, options.includeUsage);
    return json === undefined ? undefined : writer.data(json);
  };
  const sendRaw = (text: string): Promise<void> | undefined => {
    if (!scanner!.scan(text)) return send(parseRawChunk<Chunk>(text, route.provider.name));
    // Without usage asked for, the `"usage":null` every chunk carries is dropped, as for parsed chunks.
    const json = scanner!.nullUsage && !options.includeUsage ? withoutNullUsage(text) : text;
    if (json === undefined) return send(parseRawChunk<Chunk>(text, route.provider.name));
    delivered += scanner!.output;
    return writer.data(json);
  };
  const outputOfRaw = (text: string): string => {
    if (scanner!.scan(text)) return scanner!.output;
    try {
      return options.outputText(parseRawChunk<Chunk>(text, route.provider.name));
    } catch {
      return ''; // sent on as it came; what it held cannot be told
    }
  };
  // Runs sent before usage arrived, not yet read for their output text.
  let unread: string[] = [];
  let unreadChars = 0;
  const forgetUnread = (): void => {
    unread = [];
    unreadChars = 0;
  };
  const readUnread = (): void => {
    for (const run of unread) for (const text of runEvents(run)) delivered += outputOfRaw(text);
    forgetUnread();
  };
  const sendRun = (run: string): Promise<void> | undefined => {
    const split = splitAtUsage(run);
    if (split) return sendAroundUsage(split);
    let text: string | undefined = run;
    if (!options.includeUsage && run.indexOf('"usage"') !== -1) {
      text = runWithoutNullUsage(run);
      if (text === undefined) return sendAll(runEvents(run));
    }
    if (usage === undefined) {
      unread.push(text);
      unreadChars += text.length;
      if (unreadChars > maxUnreadRunChars) readUnread();
    }
    return writer.events(text);
  };
  const sendAroundUsage = async (split: { before: string; event: string; after: string }): Promise<void> => {
    if (split.before !== '') await sendRun(split.before);
    await sendRaw(split.event);
    if (usage !== undefined) forgetUnread();
    if (split.after !== '' && !writer.closed) await sendRun(split.after);
  };
  const sendAll = async (items: ReadonlyArray<Chunk | string>): Promise<void> => {
    for (const item of items) {
      const wait = typeof item === 'string' ? (isSseRun(item) ? sendRun(item) : sendRaw(item)) : send(item);
      if (wait) await wait;
      if (writer.closed) return;
    }
  };

  let completed = false;
  let failure: ProviderError | undefined;
  let thrown: unknown;
  try {
    await sendAll(opened.held);
    if (!opened.done) {
      while (!writer.closed) {
        const next = await opened.events.next();
        if (next.done) break;
        await sendAll(next.value);
      }
    }
    completed = !writer.closed;
  } catch (error) {
    thrown = error;
    failure = ProviderError.isInstance(error) ? error : networkError(error, options.cancellation);
    const response = providerErrorResponse(failure, route.provider.name);
    record.streamError = { code: response.code ?? failure.code, message: response.message };
    if (!options.cancellation.aborted) await writer.data(JSON.stringify(response.toBody()));
  } finally {
    // The thrown error, not its mapping: the router tells the provider's failures from the gateway's.
    finish(thrown);
    if (!completed) await opened.events.return?.();
    writer.end(completed);
  }

  if (usage) {
    record.usage = usage;
  } else {
    readUnread();
    record.usage = estimateUsage(options.prompt, delivered, route.providerModel);
    record.usageEstimated = true;
  }
  return completed && failure === undefined ? writer.recording : undefined;
}

/**
 * Reads an attempt's events until the first that carries output (or enough were held), holding what
 * it read; true when the stream ended first.
 */
async function readUntilOutput<Chunk>(
  events: RawJsonEventIterator | AsyncIterator<readonly Chunk[], undefined>,
  hold: (item: Chunk | string) => boolean,
  held: Array<Chunk | string>,
): Promise<boolean> {
  while (true) {
    const next = await events.next();
    if (next.done) return true;
    const batch = next.value as ReadonlyArray<Chunk | string>;
    for (let index = 0; index < batch.length; index++) {
      const item = batch[index]!;
      let start: boolean;
      if (typeof item === 'string' && isSseRun(item)) {
        const after = visitRunEvents(item, hold);
        start = after !== undefined;
        if (after !== undefined && after < item.length) held.push(item.slice(after));
      } else {
        start = hold(item);
      }
      if (start) {
        // The rest of what arrived with it goes out right after it.
        for (let rest = index + 1; rest < batch.length; rest++) held.push(batch[rest]!);
        return false;
      }
    }
  }
}

async function closeQuietly(events: { return?(): Promise<unknown> }): Promise<void> {
  try {
    await events.return?.();
  } catch {
    // The attempt already failed; its own error is the one that matters.
  }
}

/** Parsed chunks one at a time, as the batches raw events come in. */
function oneByOne<Chunk>(iterator: AsyncIterator<Chunk, unknown>, providerName: string): AsyncIterator<readonly Chunk[], undefined> {
  return {
    async next() {
      const next = await iterator.next();
      return next.done ? { value: undefined, done: true } : { value: [checkStreamChunk<Chunk>(next.value, providerName)], done: false };
    },
    async return() {
      await iterator.return?.();
      return { value: undefined, done: true };
    },
  };
}

/** A raw event parsed, keeping its text for relaying unchanged. */
function parseRawChunk<Chunk extends StreamChunk>(text: string, providerName: string): Chunk {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new ProviderError({ code: 'invalid_response', message: `Provider ${providerName} sent a stream event that is not JSON`, cause: error });
  }
  return markRawJson(checkStreamChunk<Chunk & object>(value, providerName), text);
}
