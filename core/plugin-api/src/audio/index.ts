/** Audio helpers for translators: PCM16 resampling, G.711, base64 framing, audio-seconds counting. */
export * from './pcm16.ts';
export * from './g711.ts';
export * from './audio-framing.ts';
export * from './audio-seconds-counter.ts';
