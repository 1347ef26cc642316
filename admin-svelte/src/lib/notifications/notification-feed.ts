/** The Notifications page's pure logic: folding a live notification into the list, and what a webhook test found. */

/** The list with `arrived` first, unless it is already in it (a page loaded after it was created). */
export function withArrived<T extends { id: string }>(rows: T[], arrived: T): { rows: T[]; added: boolean } {
  if (rows.some((row) => row.id === arrived.id)) return { rows, added: false };
  return { rows: [arrived, ...rows], added: true };
}

export interface WebhookTestOutcome {
  ok: boolean;
  statusCode: number | null;
  latencyMs: number;
  error: string | null;
}

/** One line for the person who pressed "Send test". */
export function describeWebhookTest(result: WebhookTestOutcome): string {
  if (result.ok) return `Test delivered: the receiver answered HTTP ${result.statusCode} in ${result.latencyMs} ms.`;
  if (result.statusCode !== null) return `Test failed: the receiver answered HTTP ${result.statusCode} in ${result.latencyMs} ms.`;
  const reason = result.error ?? 'no answer';
  // A timeout names its own duration.
  return /^timed out/.test(reason) ? `Test failed: ${reason}.` : `Test failed: ${reason} (after ${result.latencyMs} ms).`;
}
