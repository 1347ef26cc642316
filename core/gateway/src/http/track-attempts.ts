/** Notes on the request record which deployment served (or last failed) and after how many tries. */
import { UpstreamFailure, type Attempted } from '../routing/upstream-failure.ts';
import type { RequestRecord } from './request-state.ts';

export async function trackAttempts<A extends Attempted<unknown>>(record: RequestRecord, attempt: Promise<A>): Promise<A> {
  try {
    const result = await attempt;
    record.route = result.route;
    record.attempts = result.attempts;
    return result;
  } catch (error) {
    if (error instanceof UpstreamFailure) {
      record.route = error.route;
      record.attempts = error.attempts;
    }
    throw error;
  }
}
