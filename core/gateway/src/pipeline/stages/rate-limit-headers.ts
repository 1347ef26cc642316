/**
 * Every authenticated response carries the key's `x-ratelimit-*` headers: an admitted request has them
 * from its admission; the model list and errors before admission read them without counting.
 */
import type { AuthenticatedKey } from '../../engine/keys/virtual-key-cache.ts';
import type { Admission } from '../../engine/limits/admission.ts';
import type { Logger } from '../../ports/logger.ts';
import type { Exchange } from '../exchange.ts';

export async function addRateLimitHeaders(exchange: Exchange, key: AuthenticatedKey, admission: Admission, logger: Logger): Promise<void> {
  const head = exchange.head;
  if (head.get('x-ratelimit-limit-requests') !== undefined || head.get('x-ratelimit-limit-tokens') !== undefined) return;
  try {
    head.setAll(await admission.currentHeaders(key));
  } catch (error) {
    logger.warn({ err: error, requestId: exchange.requestId }, 'reading rate limits for response headers failed');
  }
}
