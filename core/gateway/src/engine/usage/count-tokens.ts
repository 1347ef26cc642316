/**
 * Counts tokens with gpt-tokenizer (OpenAI's BPE encodings in pure JavaScript): cl100k_base for the
 * GPT-4 / GPT-3.5 generation and the ada/v3 embedding models, o200k_base for everything newer and for
 * models of other providers (whose own tokenizers are not public; o200k is the closer modern BPE).
 * Special-token strings in user text are counted as plain text, never refused.
 */
import { createRequire } from 'node:module';

type CountTokens = (text: string, options: typeof plainText) => number;

// Each encoding's ranks take about 0.1 to 0.25 s of CPU to load, so an encoding is loaded when it
// first counts, not when the gateway starts: a process that never counts with it (a worker that
// fails its start, a test, an instance serving only other models) never pays for it.
const require = createRequire(import.meta.url);
const counters: Partial<Record<EncodingName, CountTokens>> = {};
function counterFor(encoding: EncodingName): CountTokens {
  return (counters[encoding] ??= (require(`gpt-tokenizer/encoding/${encoding}`) as { countTokens: CountTokens }).countTokens);
}

export type EncodingName = 'cl100k_base' | 'o200k_base';

const plainText = { disallowedSpecial: new Set<string>() };
const cl100kModels = /^(gpt-4(?![o.])|gpt-3\.5|text-embedding-(3|ada)|text-davinci|davinci-002|babbage-002)/;

/** The encoding that counts for `model`; a provider-prefixed name (`openai/gpt-4`) by its last part. */
export function encodingFor(model?: string): EncodingName {
  const name = model?.slice(model.lastIndexOf('/') + 1).toLowerCase();
  return name !== undefined && cl100kModels.test(name) ? 'cl100k_base' : 'o200k_base';
}

/** Tokens of `text` for `model`. */
export function countTokens(text: string, model?: string): number {
  return countTokensWith(text, encodingFor(model));
}

export function countTokensWith(text: string, encoding: EncodingName): number {
  if (text.length === 0) return 0;
  return counterFor(encoding)(text, plainText);
}
