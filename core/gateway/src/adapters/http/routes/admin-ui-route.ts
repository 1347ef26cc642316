/**
 * Serves the admin UI's static build at /admin: hashed files under assets/ cached for a year
 * (immutable), index.html revalidated every time (`no-cache`), and every other /admin/* path that is
 * not a file answered with index.html so the single-page app can route it. A missing file under
 * assets/ is a 404, not index.html: a browser holding an old page must not run HTML as a script.
 * Every answer carries a strict Content-Security-Policy: scripts and styles from this origin only,
 * no inline scripts, API calls to this origin only.
 */
import { readFile, stat } from 'node:fs/promises';
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
  '.woff2': 'font/woff2',
  '.map': 'application/json',
};

export const adminContentSecurityPolicy = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const immutable = 'public, max-age=31536000, immutable';

async function isFile(file: string): Promise<boolean> {
  try {
    return (await stat(file)).isFile();
  } catch {
    return false;
  }
}

/** `root` is the build's folder, or a function naming it per request (a build made while the gateway runs is served at once). */
export function adminUiRoute(root: string | (() => string)): Middleware {
  const rootOf = typeof root === 'string' ? () => root : root;
  return async function adminUi(ctx, next) {
    if (ctx.path !== '/admin' && !ctx.path.startsWith('/admin/')) return next();
    if (ctx.method !== 'GET' && ctx.method !== 'HEAD') return next();
    const base = path.resolve(rootOf());
    const index = path.join(base, 'index.html');
    const relative = ctx.path.slice('/admin'.length).replace(/^\/+/, '');
    const file = path.resolve(base, relative);
    if (file !== base && !file.startsWith(base + path.sep)) return next();

    ctx.set('content-security-policy', adminContentSecurityPolicy);
    ctx.set('x-content-type-options', 'nosniff');
    ctx.set('referrer-policy', 'no-referrer');
    const inAssets = relative.startsWith('assets/');
    let served: string;
    if (relative !== '' && relative !== 'index.html' && (await isFile(file))) served = file;
    else if (inAssets) {
      ctx.status = 404;
      ctx.set('cache-control', 'no-store');
      ctx.type = 'text/plain';
      ctx.body = 'Not found';
      return;
    } else served = index;

    try {
      ctx.body = await readFile(served);
    } catch {
      return next(); // no build and no placeholder: let the 404 through
    }
    ctx.type = types[path.extname(served)] ?? 'application/octet-stream';
    ctx.set('cache-control', inAssets ? immutable : 'no-cache');
  };
}
