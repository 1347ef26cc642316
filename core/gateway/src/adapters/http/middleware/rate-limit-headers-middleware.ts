/**
 * Puts the key's x-ratelimit-* headers on /v1 responses the admission did not count (the model list,
 * errors before admission), so every authenticated response carries them.
 */
import type { Middleware } from 'koa';
import { GatewayError } from '../../../domain/gateway-error.ts';
import type { RequestState } from '../request-state.ts';
import type { Logger } from '../../../ports/logger.ts';
import type { LimitsAdmission } from '../../../engine/limits/limits-admission.ts';

export function rateLimitHeadersMiddleware(admission: LimitsAdmission, logger: Logger): Middleware<RequestState> {
  return async function rateLimitHeaders(ctx, next) {
    let carried = false;
    try {
      await next();
    } catch (error) {
      // A refusal carries the headers of the admission itself.
      carried = error instanceof GatewayError && Object.keys(error.headers).some((name) => name.startsWith('x-ratelimit-'));
      throw error;
    } finally {
      const head = ctx.state.head;
      const set = head.get('x-ratelimit-limit-requests') !== undefined || head.get('x-ratelimit-limit-tokens') !== undefined;
      if (ctx.state.key && !carried && !set && !ctx.headerSent) {
        try {
          head.setAll(await admission.currentHeaders(ctx));
        } catch (error) {
          logger.warn({ err: error, requestId: ctx.state.requestId }, 'reading rate limits for response headers failed');
        }
      }
    }
  };
}
