/**
 * The built-in price catalogue (builtin-prices.json, LiteLLM's format; its source and date are in the
 * file): prices for the models of the built-in providers, consulted when no admin price matches.
 */
import { readFileSync } from 'node:fs';
import { readLiteLlmPrices } from './litellm-prices.ts';
import { PriceTable } from './price-table.ts';

let table: PriceTable | undefined;

export function builtinPriceTable(): PriceTable {
  table ??= new PriceTable(
    readLiteLlmPrices(JSON.parse(readFileSync(new URL('./builtin-prices.json', import.meta.url), 'utf8'))).prices.map((price) => ({
      pattern: price.model,
      inputPerMillion: price.inputPerMillion,
      outputPerMillion: price.outputPerMillion,
      cachedInputPerMillion: price.cachedInputPerMillion,
      cacheWritePerMillion: price.cacheWritePerMillion,
      cacheWrite1hPerMillion: price.cacheWrite1hPerMillion,
      perImage: null,
      audioInputPerMinute: price.audioInputPerMinute,
      audioOutputPerMinute: price.audioOutputPerMinute,
      speechPerMillionCharacters: price.speechPerMillionCharacters,
      audioInputPerMillion: price.audioInputPerMillion,
      audioOutputPerMillion: price.audioOutputPerMillion,
      cachedAudioInputPerMillion: price.cachedAudioInputPerMillion,
      sessionPerMinute: null,
      batchMultiplier: null,
      maxOutputTokens: price.maxOutputTokens,
      builtin: true,
    })),
  );
  return table;
}
