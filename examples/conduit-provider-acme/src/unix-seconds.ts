/** Acme's ISO 8601 timestamps -> OpenAI's Unix seconds; now when Acme sent none or an unreadable one. */
export function unixSeconds(iso: string | undefined): number {
  const milliseconds = iso === undefined ? Number.NaN : Date.parse(iso);
  return Math.floor((Number.isNaN(milliseconds) ? Date.now() : milliseconds) / 1000);
}
