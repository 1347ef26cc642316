/** How numbers, money and times read in the UI. */
export function usd(value: number | null | undefined): string {
  if (value == null) return '—';
  if (value !== 0 && Math.abs(value) < 0.01) return `$${value.toFixed(6)}`;
  return `$${value.toFixed(2)}`;
}

export function count(value: number | null | undefined): string {
  return value == null ? '—' : value.toLocaleString('en-US');
}

/** A share (0 to 1) as a percentage with one decimal. */
export function percent(value: number | null | undefined): string {
  return value == null ? '—' : `${(value * 100).toFixed(1)}%`;
}

export function dateTime(value: string | null | undefined): string {
  if (!value) return '—';
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? value : date.toLocaleString();
}

export function milliseconds(value: number | null | undefined): string {
  return value == null ? '—' : `${Math.round(value)} ms`;
}

/** An optional number field: empty means null (no limit), anything else must parse. */
export function optionalNumber(text: string | number | null | undefined): number | null {
  if (text === null || text === undefined) return null;
  if (typeof text === 'number') return Number.isFinite(text) ? text : null;
  const trimmed = text.trim();
  return trimmed === '' ? null : Number(trimmed);
}
