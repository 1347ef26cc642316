/** Durations as OpenAI writes them in `x-ratelimit-reset-*` headers: `20ms`, `1s`, `6m0s`, `1h2m3.5s`. */
export function formatDuration(ms: number): string {
  const rounded = Math.max(0, Math.ceil(ms));
  if (rounded < 1000) return `${rounded}ms`;
  const hours = Math.floor(rounded / 3_600_000);
  const minutes = Math.floor((rounded % 3_600_000) / 60_000);
  // Whole milliseconds over 1000 print as the shortest decimal, exactly: 1500 is `1.5`.
  const secondsText = `${(rounded % 60_000) / 1000}s`;
  if (hours > 0) return `${hours}h${minutes}m${secondsText}`;
  if (minutes > 0) return `${minutes}m${secondsText}`;
  return secondsText;
}
