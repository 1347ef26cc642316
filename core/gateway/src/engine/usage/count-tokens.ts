/**
 * Counts tokens with gpt-tokenizer (OpenAI's BPE encodings in pure JavaScript): cl100k_base for the
 * GPT-4 / GPT-3.5 generation and the ada/v3 embedding models, o200k_base for everything newer and for
 * models of other providers (whose own tokenizers are not public; o200k is the closer modern BPE).
 * Special-token strings in user text are counted as plain text, never refused.
 */
// Loaded at start-up (about 0.3 s of CPU for both), not at the first count: loading blocks the event
// loop, and at the first count it would stall every request in flight.
import { countTokens as countCl100k } from 'gpt-tokenizer/encoding/cl100k_base';
import { countTokens as countO200k } from 'gpt-tokenizer/encoding/o200k_base';

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
  return encoding === 'cl100k_base' ? countCl100k(text, plainText) : countO200k(text, plainText);
}
