/** Serves the admin UI's static build at /admin. */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Middleware } from 'koa';

const types: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
};

export function adminUiRoute(root: string): Middleware {
  const base = path.resolve(root);
  return async function adminUi(ctx, next) {
    if (ctx.path !== '/admin' && !ctx.path.startsWith('/admin/')) return next();
    if (ctx.method !== 'GET' && ctx.method !== 'HEAD') return next();
    const relative = ctx.path.slice('/admin'.length).replace(/^\/+/, '') || 'index.html';
    const file = path.resolve(base, relative);
    if (!file.startsWith(base + path.sep)) return next();
    const candidate = path.extname(file) ? file : path.join(base, 'index.html');
    try {
      ctx.body = await readFile(candidate);
      ctx.type = types[path.extname(candidate)] ?? 'application/octet-stream';
    } catch {
      return next();
    }
  };
}
