/**
 * Liveness (the process answers) and readiness (every dependency answers in time, the plugins are
 * loaded and the gateway is not draining for shutdown).
 *
 * Each readiness check is bounded (`checkTimeoutMs`, 2 s): a database or Redis that hangs — accepts
 * the connection and never answers — makes the probe answer 503 naming it, instead of hanging the
 * probe as well. A check still running from an earlier probe is awaited again rather than started
 * twice, so a hung dependency does not collect one stuck query per probe.
 */
import Router from '@koa/router';

export interface ReadinessCheck {
  /** Named in the answer: `database`, `redis`, `plugins`… */
  name: string;
  /** Resolves true when the dependency is usable; false or a rejection means it is not. */
  check(): Promise<boolean>;
}

export interface HealthRouteOptions {
  checks: readonly ReadinessCheck[];
  lifecycle: { draining: boolean };
  checkTimeoutMs?: number;
}

type CheckResult = 'up' | 'down' | 'timeout';

const defaultCheckTimeoutMs = 2_000;

export function healthRoutes({ checks, lifecycle, checkTimeoutMs = defaultCheckTimeoutMs }: HealthRouteOptions): Router {
  const router = new Router({ prefix: '/health' });
  const running = new Map<string, Promise<boolean>>();

  const runBounded = async (readiness: ReadinessCheck): Promise<CheckResult> => {
    let pending = running.get(readiness.name);
    if (!pending) {
      pending = readiness.check().catch(() => false);
      running.set(readiness.name, pending);
      const started = pending;
      void started.finally(() => {
        if (running.get(readiness.name) === started) running.delete(readiness.name);
      });
    }
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), checkTimeoutMs);
    });
    try {
      const outcome = await Promise.race([pending, timedOut]);
      return outcome === 'timeout' ? 'timeout' : outcome ? 'up' : 'down';
    } finally {
      clearTimeout(timer);
    }
  };

  router.get('/live', (ctx) => {
    ctx.body = { status: 'ok' };
  });
  router.get('/ready', async (ctx) => {
    const results = await Promise.all(checks.map(async (readiness) => [readiness.name, await runBounded(readiness)] as const));
    const failing = results.filter(([, result]) => result !== 'up').map(([name]) => name);
    ctx.status = failing.length === 0 && !lifecycle.draining ? 200 : 503;
    ctx.body = {
      status: lifecycle.draining ? 'draining' : failing.length === 0 ? 'ok' : 'unavailable',
      checks: Object.fromEntries(results),
      ...(failing.length > 0 ? { failing } : {}),
    };
  });
  return router;
}
