/**
 * Client-side navigation under the app's base path (/admin) with the History API; the gateway's
 * SPA fallback answers every /admin/* path with index.html, so any page can be loaded directly.
 */
export interface HistoryLike {
  pushState(data: unknown, unused: string, url: string): void;
}

export class Router {
  path = $state('/');
  readonly base: string;
  readonly #history: HistoryLike;

  constructor(options: { base: string; pathname: string; history: HistoryLike }) {
    this.base = options.base.replace(/\/+$/, '');
    this.#history = options.history;
    this.path = this.fromPathname(options.pathname);
  }

  /** `/admin/keys/` → `/keys`; a path outside the base → `/`. */
  fromPathname(pathname: string): string {
    if (pathname !== this.base && !pathname.startsWith(`${this.base}/`)) return '/';
    const inner = pathname.slice(this.base.length).replace(/\/+$/, '');
    return inner === '' ? '/' : inner;
  }

  href(path: string): string {
    return path === '/' ? `${this.base}/` : `${this.base}${path}`;
  }

  navigate(path: string): void {
    if (path === this.path) return;
    this.#history.pushState(null, '', this.href(path));
    this.path = path;
  }

  /** Back/forward: the browser already changed the URL. */
  sync(pathname: string): void {
    this.path = this.fromPathname(pathname);
  }
}
