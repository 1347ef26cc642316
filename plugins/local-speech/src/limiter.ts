/** At most `limit` engine runs at a time; a waiting caller leaves the queue when its call is aborted. */
import { ProviderError } from '@conduit/plugin-api';

export interface Limiter {
  run<T>(signal: AbortSignal, work: () => Promise<T>): Promise<T>;
}

export function createLimiter(limit: number): Limiter {
  let running = 0;
  const waiting: Array<() => void> = [];
  const acquire = (signal: AbortSignal): Promise<void> => {
    if (running < limit) {
      running++;
      return Promise.resolve();
    }
    return new Promise((resolve, reject) => {
      const turn = () => {
        signal.removeEventListener('abort', onAbort);
        running++;
        resolve();
      };
      const onAbort = () => {
        waiting.splice(waiting.indexOf(turn), 1);
        reject(new ProviderError({ code: 'aborted', message: 'The call was aborted while waiting for a free speech engine' }));
      };
      signal.addEventListener('abort', onAbort, { once: true });
      waiting.push(turn);
    });
  };
  const release = () => {
    running--;
    waiting.shift()?.();
  };
  return {
    async run(signal, work) {
      await acquire(signal);
      try {
        return await work();
      } finally {
        release();
      }
    },
  };
}
