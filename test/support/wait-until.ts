export interface WaitUntilOptions {
  /** Give up after this long. */
  timeoutMs: number;
  /** Pause between attempts. */
  intervalMs?: number;
  /** Checked before every attempt; a returned Error stops the wait at once (e.g. the server died). */
  abortIf?: () => Error | undefined;
  /** Names what is awaited, for the timeout message. */
  description: string;
}

/** Polls `attempt` until it resolves true, within a bounded time; rethrows nothing it catches. */
export async function waitUntil(attempt: () => Promise<boolean>, options: WaitUntilOptions): Promise<void> {
  const deadline = Date.now() + options.timeoutMs;
  const intervalMs = options.intervalMs ?? 50;
  let lastError: unknown;
  for (;;) {
    const abort = options.abortIf?.();
    if (abort) throw abort;
    try {
      if (await attempt()) return;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() >= deadline) {
      const reason = lastError instanceof Error ? `: ${lastError.message}` : '';
      throw new Error(`Timed out after ${options.timeoutMs} ms waiting for ${options.description}${reason}`);
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
