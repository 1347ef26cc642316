/**
 * The Audio page's figures from `usage` rows grouped by endpoint (and by day and one more dimension):
 * audio requests are those of the `audio/…` endpoints; minutes transcribed are the audio seconds of
 * transcriptions and translations, characters spoken those of speech.
 */
export interface AudioUsageRow {
  bucketStart?: string | null;
  endpoint: string | null;
  requests: number;
  audioSeconds: number;
  characters: number;
  cost: number;
}

export interface AudioTotals {
  requests: number;
  minutesTranscribed: number;
  charactersSpoken: number;
  cost: number;
}

export function isAudioEndpoint(endpoint: string | null | undefined): boolean {
  return endpoint?.startsWith('audio/') ?? false;
}

/** Transcription and translation: audio in, text out. */
export function isListeningEndpoint(endpoint: string | null | undefined): boolean {
  return endpoint === 'audio/transcriptions' || endpoint === 'audio/translations';
}

export function audioRows<R extends AudioUsageRow>(rows: readonly R[]): R[] {
  return rows.filter((row) => isAudioEndpoint(row.endpoint));
}

export function audioTotals(rows: readonly AudioUsageRow[]): AudioTotals {
  const totals: AudioTotals = { requests: 0, minutesTranscribed: 0, charactersSpoken: 0, cost: 0 };
  for (const row of audioRows(rows)) {
    totals.requests += row.requests;
    totals.cost += row.cost;
    if (isListeningEndpoint(row.endpoint)) totals.minutesTranscribed += row.audioSeconds / 60;
    else totals.charactersSpoken += row.characters;
  }
  return totals;
}

export interface AudioGroupTotals extends AudioTotals {
  group: string;
}

/** Totals per group (e.g. per provider), the most expensive first. */
export function audioTotalsByGroup<R extends AudioUsageRow>(rows: readonly R[], groupOf: (row: R) => string): AudioGroupTotals[] {
  const byGroup = new Map<string, R[]>();
  for (const row of audioRows(rows)) {
    const group = groupOf(row);
    byGroup.set(group, [...(byGroup.get(group) ?? []), row]);
  }
  return [...byGroup].map(([group, members]) => ({ group, ...audioTotals(members) })).sort((a, b) => b.cost - a.cost || b.requests - a.requests || a.group.localeCompare(b.group));
}

export interface CostSeries {
  /** The days (yyyy-mm-dd), oldest first, every day of the range included. */
  labels: string[];
  /** One series per group, in the order of `audioTotalsByGroup`. */
  series: Array<{ label: string; data: number[] }>;
}

/** Audio cost per UTC day and group over [from, to), for a stacked chart. */
export function audioCostByDay<R extends AudioUsageRow>(rows: readonly R[], groupOf: (row: R) => string, from: string, to: string): CostSeries {
  const labels: string[] = [];
  for (let day = Date.parse(from.slice(0, 10)); day < Date.parse(to); day += 86_400_000) labels.push(new Date(day).toISOString().slice(0, 10));
  const index = new Map(labels.map((label, position) => [label, position]));
  const groups = audioTotalsByGroup(rows, groupOf).map((entry) => entry.group);
  const series = groups.map((label) => ({ label, data: labels.map(() => 0) }));
  const byLabel = new Map(series.map((entry) => [entry.label, entry]));
  for (const row of audioRows(rows)) {
    const position = index.get(row.bucketStart?.slice(0, 10) ?? '');
    if (position === undefined) continue;
    byLabel.get(groupOf(row))!.data[position]! += row.cost;
  }
  return { labels, series };
}

/** A short list for a table cell: the first few values and how many more. */
export function shortList(values: readonly string[] | null | undefined, shown = 6): string {
  if (!values) return 'any';
  if (values.length === 0) return 'none';
  return values.length <= shown ? values.join(', ') : `${values.slice(0, shown).join(', ')} +${values.length - shown} more`;
}

/** Bytes as MB (the upload limits). */
export function megabytes(bytes: number | null | undefined): string {
  return bytes == null ? '—' : `${Math.round((bytes / 1_048_576) * 10) / 10} MB`;
}
