/** A price-table entry for tests: every optional price unset (null) unless given. */
import type { ModelPrice } from '../../src/engine/usage/price-table.ts';

export const modelPrice = (pattern: string, fields: Partial<ModelPrice> = {}): ModelPrice => ({
  pattern,
  inputPerMillion: 0,
  outputPerMillion: 0,
  cachedInputPerMillion: null,
  cacheWritePerMillion: null,
  cacheWrite1hPerMillion: null,
  perImage: null,
  audioInputPerMinute: null,
  audioOutputPerMinute: null,
  speechPerMillionCharacters: null,
  audioInputPerMillion: null,
  audioOutputPerMillion: null,
  cachedAudioInputPerMillion: null,
  sessionPerMinute: null,
  batchMultiplier: null,
  ...fields,
});
