/**
 * Liveness (the process answers) and readiness (the database answers, the plugins are loaded and the
 * gateway is not draining for shutdown).
 */
import Router from '@koa/router';
import type { Database } from '../../../infrastructure/database/open-database.ts';
import type { PluginRegistry } from '../../../engine/plugins/plugin-registry.ts';

export function healthRoutes(database: Database, registry: PluginRegistry, lifecycle: { draining: boolean }): Router {
  const router = new Router({ prefix: '/health' });
  router.get('/live', (ctx) => {
    ctx.body = { status: 'ok' };
  });
  router.get('/ready', async (ctx) => {
    const databaseUp = await database.ping();
    const plugins = registry.all().length;
    ctx.status = databaseUp && plugins > 0 && !lifecycle.draining ? 200 : 503;
    ctx.body = {
      status: ctx.status === 200 ? 'ok' : lifecycle.draining ? 'draining' : 'unavailable',
      database: databaseUp ? 'up' : 'down',
      plugins,
    };
  });
  return router;
}
