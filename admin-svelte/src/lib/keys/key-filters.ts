/** The virtual-key list's search and filters, and how full a budget is. */
export interface KeyLike {
  name: string;
  keyPrefix: string;
  enabled: boolean;
  groupId?: string | null;
  expiresAt?: string | null;
}

export interface KeyFilter {
  search: string;
  status: 'all' | 'enabled' | 'disabled' | 'expired';
  groupId: string;
}

export function filterKeys<T extends KeyLike>(keys: readonly T[], filter: KeyFilter, now = Date.now()): T[] {
  const search = filter.search.trim().toLowerCase();
  return keys.filter((key) => {
    if (search && !key.name.toLowerCase().includes(search) && !key.keyPrefix.toLowerCase().includes(search)) return false;
    const expired = key.expiresAt ? Date.parse(key.expiresAt) <= now : false;
    if (filter.status === 'enabled' && (!key.enabled || expired)) return false;
    if (filter.status === 'disabled' && key.enabled) return false;
    if (filter.status === 'expired' && !expired) return false;
    if (filter.groupId && (key.groupId ?? '') !== filter.groupId) return false;
    return true;
  });
}

/** Spend as a share of the budget, 0..1 (over budget stays 1); undefined without a budget. */
export function budgetShare(spend: number, maxBudget: number | null | undefined): number | undefined {
  if (maxBudget == null) return undefined;
  if (maxBudget <= 0) return 1;
  return Math.min(1, Math.max(0, spend / maxBudget));
}

/** A page of a list: 1-based page numbers, the page clamped into range. */
export function paginate<T>(items: readonly T[], page: number, pageSize: number): { items: T[]; page: number; pages: number } {
  const pages = Math.max(1, Math.ceil(items.length / pageSize));
  const current = Math.min(Math.max(1, Math.floor(page) || 1), pages);
  return { items: items.slice((current - 1) * pageSize, current * pageSize), page: current, pages };
}

/** `<input type="datetime-local">` value (local time) → ISO UTC; empty → null. */
export function localInputToIso(value: string): string | null {
  if (!value) return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

/** ISO UTC → `<input type="datetime-local">` value in local time. */
export function isoToLocalInput(iso: string | null | undefined): string {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  const local = new Date(date.getTime() - date.getTimezoneOffset() * 60_000);
  return local.toISOString().slice(0, 16);
}
