/**
 * A request's cancellation, as an AbortSignal made only when something asks for it. Node's
 * AbortSignal is an EventTarget: creating one and adding and removing a listener cost several µs,
 * on every request through the gateway. The gateway makes one Cancellation per request; the HTTP
 * client listens to it directly (`onAbort`), and `signal` gives the standard AbortSignal (made on
 * first use, aborted with the same reason) to any code that wants one.
 */
export class Cancellation {
  private controller: AbortController | undefined;
  private listeners: Array<((reason: Error) => void) | undefined> | undefined;
  private abortReason: Error | undefined;

  get aborted(): boolean {
    return this.abortReason !== undefined;
  }

  /** Why it was cancelled; undefined while it was not. */
  get reason(): Error | undefined {
    return this.abortReason;
  }

  /** An AbortSignal that follows this cancellation. */
  get signal(): AbortSignal {
    if (this.controller === undefined) {
      this.controller = new AbortController();
      if (this.abortReason !== undefined) this.controller.abort(this.abortReason);
    }
    return this.controller.signal;
  }

  /**
   * Calls `listener` once, when cancelled (not if it already was: check `aborted` first). Returns
   * the function that stops listening.
   */
  onAbort(listener: (reason: Error) => void): () => void {
    const listeners = (this.listeners ??= []);
    const index = listeners.push(listener) - 1;
    return () => {
      listeners[index] = undefined;
    };
  }

  /** Cancels: listeners hear it, the signal (if made) aborts. Later calls do nothing. */
  abort(reason: Error): void {
    if (this.abortReason !== undefined) return;
    this.abortReason = reason;
    const listeners = this.listeners;
    this.listeners = undefined;
    if (listeners) for (const listener of listeners) listener?.(reason);
    this.controller?.abort(reason);
  }
}

/**
 * What cancels an upstream call, for `context.http.request({ signal })` and `withStreamPhase`: the
 * call's Cancellation when the gateway gave one (then no AbortSignal is made), else its signal.
 */
export function cancellationOf(call: { readonly signal: AbortSignal; readonly cancellation?: Cancellation }): AbortSignal | Cancellation {
  return call.cancellation ?? call.signal;
}

/** What tells whether a request was cancelled: an AbortSignal or a Cancellation. */
export interface AbortState {
  readonly aborted: boolean;
}
