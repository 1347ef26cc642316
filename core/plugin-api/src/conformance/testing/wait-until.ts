/**
 * Polls a condition, for what a test cannot await as an event (a ConformanceFakeUpstream has no
 * event for "a request arrived"; fakes built on createFakeReplyScript offer `waitForRequests`).
 */
export async function waitUntil(condition: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
