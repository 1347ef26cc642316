/** Notes on the request record which deployment served (or last failed) and after how many tries. */
import { UpstreamFailure, type Attempted } from '../routing/call-with-failover.ts';
import type { RequestRecord } from './request-state.ts';

export async function trackAttempts<T>(record: RequestRecord, attempt: Promise<Attempted<T>>): Promise<Attempted<T>> {
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
