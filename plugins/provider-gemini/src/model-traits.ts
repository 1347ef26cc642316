/**
 * What the request mapping must know about a model that the capability flags do not say.
 */
export interface ModelTraits {
  /** Gemini 3 and later reject replayed function calls that carry no thought signature. */
  requiresThoughtSignature: boolean;
  /** Gemma models served by the Gemini API refuse `systemInstruction`. */
  supportsSystemInstruction: boolean;
}

export function modelTraits(model: string): ModelTraits {
  const name = bareModelName(model);
  const gemma = /^gemma-/i.test(name);
  // Older generations, Gemma and LearnLM do not validate signatures; everything newer (and aliases
  // such as `gemini-flash-latest`, which move forward) gets one.
  const unsigned = gemma || /^(gemini-(1|2)\.|learnlm-)/i.test(name);
  return { requiresThoughtSignature: !unsigned, supportsSystemInstruction: !gemma };
}

/** `models/gemini-2.5-flash` -> `gemini-2.5-flash`. */
export function bareModelName(model: string): string {
  return model.replace(/^models\//, '');
}

/** The resource path of a model in a URL: `models/<id>`, or a tuned model's own path. */
export function modelResourcePath(model: string): string {
  if (model.startsWith('tunedModels/')) return model;
  return `models/${encodeURIComponent(bareModelName(model)).replace(/%2F/gi, '/')}`;
}
