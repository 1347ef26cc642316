/**
 * At most `concurrency` runs of something costly on this instance (ffmpeg transcodings), and at most
 * `queueLimit` callers waiting for one. A caller beyond the queue is refused at once with a 503 and
 * `retry-after` rather than waiting without bound; a waiting caller whose request is aborted leaves
 * the queue without ever starting.
 */
import { ProviderError } from '@conduit/plugin-api';
import { GatewayError } from '../../domain/gateway-error.ts';

export interface RunSlot {
  /** Gives the slot back (to the first caller waiting); once, however often it is called. */
  release(): void;
}

export class RunSlots {
  private running = 0;
  private readonly waiting: Array<() => void> = [];

  /** `what` names the runs in the refusal ("speech transcodings"). */
  constructor(
    readonly concurrency: number,
    readonly queueLimit: number,
    private readonly what: string,
  ) {}

  get active(): number {
    return this.running;
  }

  get queued(): number {
    return this.waiting.length;
  }

  acquire(signal: AbortSignal): Promise<RunSlot> {
    if (signal.aborted) return Promise.reject(aborted(this.what));
    if (this.running < this.concurrency) {
      this.running++;
      return Promise.resolve(this.slot());
    }
    if (this.waiting.length >= this.queueLimit) return Promise.reject(this.full());
    return new Promise((resolve, reject) => {
      const turn = (): void => {
        signal.removeEventListener('abort', onAbort);
        this.running++;
        resolve(this.slot());
      };
      const onAbort = (): void => {
        const at = this.waiting.indexOf(turn);
        if (at >= 0) this.waiting.splice(at, 1);
        reject(aborted(this.what));
      };
      signal.addEventListener('abort', onAbort, { once: true });
      this.waiting.push(turn);
    });
  }

  private slot(): RunSlot {
    let released = false;
    return {
      release: () => {
        if (released) return;
        released = true;
        this.running--;
        this.waiting.shift()?.();
      },
    };
  }

  private full(): GatewayError {
    return new GatewayError({
      status: 503,
      type: 'server_error',
      code: 'server_overloaded',
      message: `The gateway is running as many ${this.what} as it allows (${this.concurrency} at once, ${this.queueLimit} waiting); retry after 1 s.`,
      headers: { 'retry-after': '1' },
    });
  }
}

function aborted(what: string): ProviderError {
  return new ProviderError({ code: 'aborted', message: `The request was aborted while waiting to run one of the ${what}`, retryable: false });
}
