/**
 * What the fake upstream does is chosen by the model name, so the same request body means the same
 * work for every candidate: the floor proxy forwards the name as is, and the gateway maps each public
 * model to a deployment whose provider model has the same name.
 */
export const benchModels = {
  /** Answers at once; streams are written in one go (unpaced). */
  zero: 'bench-zero',
  /** Waits 20 ms before the response headers (a realistic upstream); streams unpaced. */
  delay20: 'bench-delay20',
  /** Streams one chunk every 20 ms (a model producing tokens); non-stream answers at once. */
  paced: 'bench-paced',
} as const;

export type BenchModel = (typeof benchModels)[keyof typeof benchModels];

export const upstreamDelayMs = 20;
export const streamPaceMs = 20;
/** Stream events per answer: a role chunk, 62 content chunks and a finish chunk (plus usage, [DONE]). */
export const streamChunkCount = 64;
/** A gap between two chunks longer than this at the client is a stall. */
export const stallGapMs = 200;
