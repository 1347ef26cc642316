/**
 * Reads LiteLLM's `model_prices_and_context_window.json` format (an object of model name -> entry
 * with `input_cost_per_token`, `output_cost_per_token`, `cache_read_input_token_cost`,
 * `cache_creation_input_token_cost`, `cache_creation_input_token_cost_above_1hr`, `max_output_tokens`, `litellm_provider`, `mode`…) into price
 * entries in USD per million tokens. Token-billed modes are read (chat, completion, responses,
 * embedding, moderation, realtime) and the audio ones (audio_transcription, audio_speech); entries of
 * other modes, `sample_spec` and keys starting with `_` are skipped. A chat or completion entry
 * without an output price is skipped as not priced, never taken as free; an embedding or a moderation
 * has no output, so it costs nothing there.
 *
 * Audio prices: `input_cost_per_second` (audio modes) and `output_cost_per_second` (speech) become
 * per-minute prices, `input_cost_per_character` (speech; `output_cost_per_character` when that is
 * absent) per million characters, and `input_cost_per_audio_token`, `output_cost_per_audio_token`,
 * `cache_read_input_audio_token_cost` per million audio tokens. An audio-mode entry billed only by the
 * second or character has no token prices: they are 0 there (`tokenPricesImplied`), and an audio-mode
 * entry with no price at all is skipped.
 *
 * LiteLLM prefixes some names with their provider (`gemini/gemini-2.0-flash`, `mistral/…`): the
 * prefix is dropped, as the provider's API names the model without it, unless the bare name has an
 * entry of its own, which then wins.
 */
export interface ImportedPrice {
  model: string;
  inputPerMillion: number;
  outputPerMillion: number;
  cachedInputPerMillion: number | null;
  cacheWritePerMillion: number | null;
  cacheWrite1hPerMillion: number | null;
  maxOutputTokens: number | null;
  audioInputPerMinute: number | null;
  audioOutputPerMinute: number | null;
  speechPerMillionCharacters: number | null;
  audioInputPerMillion: number | null;
  audioOutputPerMillion: number | null;
  cachedAudioInputPerMillion: number | null;
  /** An audio-mode entry without token prices: input and output are 0 because it is billed by the second or character. */
  tokenPricesImplied: boolean;
}

export class LiteLlmFormatError extends Error {
  constructor(
    readonly entry: string,
    message: string,
  ) {
    super(message);
    this.name = 'LiteLlmFormatError';
  }
}

const tokenModes = new Set(['chat', 'completion', 'responses', 'embedding', 'moderation', 'realtime']);
const audioModes = new Set(['audio_transcription', 'audio_speech']);

/** USD per token to USD per million tokens, without the float artefacts of multiplying (2.5e-6 * 1e6). */
export function perTokenToPerMillion(perToken: number): number {
  return Number((perToken * 1_000_000).toPrecision(12));
}

/** USD per second to USD per minute, likewise. */
export function perSecondToPerMinute(perSecond: number): number {
  return Number((perSecond * 60).toPrecision(12));
}

const orNull = (value: number | undefined, convert: (value: number) => number): number | null => (value === undefined ? null : convert(value));

export function readLiteLlmPrices(document: unknown): { prices: ImportedPrice[]; skipped: number } {
  if (typeof document !== 'object' || document === null || Array.isArray(document)) {
    throw new LiteLlmFormatError('', 'must be a JSON object of model name -> entry, as in model_prices_and_context_window.json');
  }
  const byName = new Map<string, ImportedPrice>();
  const prefixed: Array<{ bare: string; price: ImportedPrice }> = [];
  let skipped = 0;
  for (const [name, entry] of Object.entries(document as Record<string, unknown>)) {
    if (name === 'sample_spec' || name.startsWith('_')) continue;
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) throw new LiteLlmFormatError(name, 'must be an object');
    const fields = entry as Record<string, unknown>;
    const mode = typeof fields.mode === 'string' ? fields.mode : 'chat';
    const audioMode = audioModes.has(mode);
    const speech = mode === 'audio_speech';
    const audio = {
      audioInputPerMinute: orNull(audioMode ? optionalNumber(name, fields, 'input_cost_per_second') : undefined, perSecondToPerMinute),
      audioOutputPerMinute: orNull(speech ? optionalNumber(name, fields, 'output_cost_per_second') : undefined, perSecondToPerMinute),
      speechPerMillionCharacters: orNull(
        speech ? (optionalNumber(name, fields, 'input_cost_per_character') ?? optionalNumber(name, fields, 'output_cost_per_character')) : undefined,
        perTokenToPerMillion,
      ),
      audioInputPerMillion: orNull(optionalNumber(name, fields, 'input_cost_per_audio_token'), perTokenToPerMillion),
      audioOutputPerMillion: orNull(optionalNumber(name, fields, 'output_cost_per_audio_token'), perTokenToPerMillion),
      cachedAudioInputPerMillion: orNull(optionalNumber(name, fields, 'cache_read_input_audio_token_cost'), perTokenToPerMillion),
    };
    let input = optionalNumber(name, fields, 'input_cost_per_token');
    let output = optionalNumber(name, fields, 'output_cost_per_token');
    if (output === undefined && (mode === 'embedding' || mode === 'moderation')) output = 0;
    let tokenPricesImplied = false;
    if (audioMode && (input === undefined || output === undefined) && Object.values(audio).some((price) => price !== null)) {
      tokenPricesImplied = input === undefined && output === undefined;
      input ??= 0;
      output ??= 0;
    }
    if (!(tokenModes.has(mode) || audioMode) || input === undefined || output === undefined) {
      skipped++;
      continue;
    }
    const cacheRead = optionalNumber(name, fields, 'cache_read_input_token_cost');
    const cacheWrite = optionalNumber(name, fields, 'cache_creation_input_token_cost');
    const cacheWrite1h = optionalNumber(name, fields, 'cache_creation_input_token_cost_above_1hr');
    const maxOutput = optionalNumber(name, fields, 'max_output_tokens') ?? (mode === 'embedding' ? undefined : optionalNumber(name, fields, 'max_tokens'));
    const price: ImportedPrice = {
      model: name,
      inputPerMillion: perTokenToPerMillion(input),
      outputPerMillion: perTokenToPerMillion(output),
      cachedInputPerMillion: cacheRead === undefined ? null : perTokenToPerMillion(cacheRead),
      cacheWritePerMillion: cacheWrite === undefined ? null : perTokenToPerMillion(cacheWrite),
      cacheWrite1hPerMillion: cacheWrite1h === undefined ? null : perTokenToPerMillion(cacheWrite1h),
      maxOutputTokens: maxOutput !== undefined && Number.isInteger(maxOutput) && maxOutput > 0 ? maxOutput : null,
      ...audio,
      tokenPricesImplied,
    };
    const provider = typeof fields.litellm_provider === 'string' ? fields.litellm_provider : undefined;
    if (provider && name.startsWith(`${provider}/`)) prefixed.push({ bare: name.slice(provider.length + 1), price });
    else byName.set(name, price);
  }
  for (const { bare, price } of prefixed) {
    if (byName.has(bare)) {
      skipped++;
      continue;
    }
    byName.set(bare, { ...price, model: bare });
  }
  return { prices: [...byName.values()], skipped };
}

function optionalNumber(entry: string, fields: Record<string, unknown>, name: string): number | undefined {
  const value = fields[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) throw new LiteLlmFormatError(entry, `${name} must be a number, at least 0`);
  return value;
}
