/**
 * Reads a stream's first item inside the router's attempt, so that a deployment failing before it
 * produced anything is replaced by the next one. On failure the stream is returned (its upstream
 * closed) before the error goes on to the router.
 */
import type { CallOptions } from '@conduit/plugin-api';
import type { Cancellation } from '@conduit/plugin-api/internal';
import type { RoutePlan } from '../../engine/routing/plan-routes.ts';
import type { Router } from '../../engine/routing/router.ts';
import type { DeploymentRoute } from '../../engine/state/config-snapshot.ts';
import type { RequestRecord } from '../../engine/usage/request-record.ts';
import type { Exchange } from '../exchange.ts';
import { awaitUpstream } from '../http/upstream-time.ts';
import { callOptions } from './call-options.ts';

export interface FirstItem<T> {
  iterator: AsyncIterator<T>;
  /** Undefined when the stream ended without any item. */
  first: T | undefined;
}

export async function firstItem<T>(stream: AsyncIterable<T>): Promise<FirstItem<T>> {
  const iterator = stream[Symbol.asyncIterator]();
  try {
    const next = await iterator.next();
    return { iterator, first: next.done ? undefined : next.value };
  } catch (error) {
    try {
      await iterator.return?.();
    } catch {
      // The attempt already failed; its own error is the one that matters.
    }
    throw error;
  }
}

/** Opens a call through the router, each attempt until its stream's first item (the deliveries of gateway-made streams share this). */
export function openToFirstItem<Opened, T>(
  exchange: Exchange,
  record: RequestRecord,
  call: { plan: RoutePlan; router: Router; cancellation: Cancellation },
  open: (route: DeploymentRoute, options: CallOptions) => Promise<Opened>,
  itemsOf: (opened: Opened) => AsyncIterable<T>,
) {
  return awaitUpstream(
    exchange,
    record,
    call.router.open(call.plan, call.cancellation, async (candidate) => {
      const opened = await open(candidate, callOptions(candidate, call.cancellation, exchange.requestId));
      return { opened, ...(await firstItem(itemsOf(opened))) };
    }),
  );
}

/** Returns a stream that was not read to its end, so its upstream closes; its own failure no longer matters. */
export async function returnQuietly(iterator: AsyncIterator<unknown>): Promise<void> {
  try {
    await iterator.return?.();
  } catch {
    // The response already failed or the client left; the stream's own error is the one recorded.
  }
}
