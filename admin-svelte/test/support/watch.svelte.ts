/** Reads `read()` inside an effect root, as a component would; returns how to tear it down. */
import { flushSync } from 'svelte';

export function watch(read: () => unknown): () => void {
  const stop = $effect.root(() => {
    $effect(() => {
      read();
    });
  });
  flushSync();
  return () => {
    stop();
    flushSync();
  };
}
