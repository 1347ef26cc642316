/**
 * The request log page's list: pages fetched newest first through the `requestLogs` connection,
 * filters (key and model on the server, status class here), the selected row, and `receive` for
 * the live tail: the `requestLogged` subscription feeds it, and while paused new rows wait in
 * a buffer that `resume` releases.
 */
import { errorMessage } from '../graphql/graphql-request-error.ts';

export interface LogRow {
  id: string;
  /** A live event's id is its requestId (it is sent before the row is written); this matches the two. */
  requestId?: string | null;
  model?: string | null;
  virtualKeyId?: string | null;
  status: number;
}

export interface LogPage<T> {
  rows: T[];
  hasNextPage: boolean;
  endCursor: string | null | undefined;
}

export type StatusFilter = 'all' | 'success' | 'client-error' | 'server-error';

export interface LogFilters {
  model: string;
  virtualKeyId: string;
  status: StatusFilter;
}

export type FetchLogPage<T> = (query: { first: number; after?: string; model?: string; virtualKeyId?: string }) => Promise<LogPage<T>>;

export function matchesStatus(status: number, filter: StatusFilter): boolean {
  if (filter === 'success') return status < 400;
  if (filter === 'client-error') return status >= 400 && status < 500;
  if (filter === 'server-error') return status >= 500;
  return true;
}

function sameRequest(a: LogRow, b: LogRow): boolean {
  return a.id === b.id || (a.requestId != null && a.requestId === b.requestId);
}

export class RequestLogState<T extends LogRow> {
  rows = $state.raw<T[]>([]);
  filters = $state<LogFilters>({ model: '', virtualKeyId: '', status: 'all' });
  loading = $state(false);
  error = $state<string | undefined>();
  hasNextPage = $state(false);
  selectedId = $state<string | undefined>();
  paused = $state(false);
  buffered = $state.raw<T[]>([]);
  readonly visible = $derived(this.rows.filter((row) => matchesStatus(row.status, this.filters.status)));
  readonly selected = $derived(this.rows.find((row) => row.id === this.selectedId));
  readonly #fetch: FetchLogPage<T>;
  readonly #pageSize: number;
  #cursor: string | undefined;
  #generation = 0;

  constructor(fetchPage: FetchLogPage<T>, pageSize = 50) {
    this.#fetch = fetchPage;
    this.#pageSize = pageSize;
  }

  /** First page for the current filters (model and key go to the server). */
  async load(): Promise<void> {
    this.#cursor = undefined;
    await this.#fetchPage(true);
  }

  async loadMore(): Promise<void> {
    if (this.hasNextPage && !this.loading) await this.#fetchPage(false);
  }

  async #fetchPage(reset: boolean): Promise<void> {
    const generation = ++this.#generation;
    this.loading = true;
    try {
      const page = await this.#fetch({
        first: this.#pageSize,
        ...(this.#cursor ? { after: this.#cursor } : {}),
        ...(this.filters.model.trim() ? { model: this.filters.model.trim() } : {}),
        ...(this.filters.virtualKeyId ? { virtualKeyId: this.filters.virtualKeyId } : {}),
      });
      if (generation !== this.#generation) return;
      this.rows = reset ? page.rows : [...this.rows, ...page.rows.filter((row) => !this.rows.some((known) => sameRequest(known, row)))];
      this.hasNextPage = page.hasNextPage;
      this.#cursor = page.endCursor ?? undefined;
      this.error = undefined;
      if (reset) this.buffered = [];
    } catch (error) {
      if (generation === this.#generation) this.error = errorMessage(error);
    } finally {
      if (generation === this.#generation) this.loading = false;
    }
  }

  /** A row from the live tail: shown on top unless paused or filtered out; never twice. */
  receive(row: T): void {
    const model = this.filters.model.trim();
    if (model && row.model !== model) return;
    if (this.filters.virtualKeyId && row.virtualKeyId !== this.filters.virtualKeyId) return;
    if (this.rows.some((known) => sameRequest(known, row)) || this.buffered.some((known) => sameRequest(known, row))) return;
    if (this.paused) this.buffered = [row, ...this.buffered];
    else this.rows = [row, ...this.rows];
  }

  pause(): void {
    this.paused = true;
  }

  resume(): void {
    this.paused = false;
    this.rows = [...this.buffered, ...this.rows];
    this.buffered = [];
  }

  select(id: string | undefined): void {
    this.selectedId = id;
  }
}
