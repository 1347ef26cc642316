import type { EventEmitter } from 'node:events';

/** Resolves at a writable's next 'drain' or 'close', whichever comes first, and stops listening to both. */
export function drainedOrClosed(writable: EventEmitter): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      writable.off('drain', done);
      writable.off('close', done);
      resolve();
    };
    writable.on('drain', done);
    writable.on('close', done);
  });
}
