/**
 * Refinements by Mistral model name. Chat models call tools and produce JSON (object and schema).
 * Vision, by Mistral's model cards: every `pixtral-*`; every `mistral-medium-*` from Medium 3
 * (`mistral-medium-2505`) on, and `mistral-medium-latest`; `mistral-small-*` from Small 3.1
 * (`mistral-small-2503`) on, and `mistral-small-latest`; `magistral-*` from 1.2 (`-2509`) on, and
 * their `-latest`. Older dated versions and other families (codestral, devstral, ministral, nemo,
 * mixtral, mistral-large) are text-only here; a deployment can still declare more. `voxtral-*`
 * take audio. `mistral-embed` and `codestral-embed*` only embed; moderation and OCR models serve
 * none of the OpenAI endpoints the gateway routes. Codestral's FIM endpoint is not OpenAI's
 * completions, so `completions` stays false everywhere.
 */
import { noCapabilities, type ModelCapabilities } from '@conduit/plugin-api';

export const chatCapabilities: ModelCapabilities = {
  ...noCapabilities,
  chat: true,
  stream: true,
  tools: true,
  jsonObject: true,
  jsonSchema: true,
};

export function mistralModelCapabilities(model: string): Partial<ModelCapabilities> | undefined {
  const name = model.toLowerCase();
  if (name.includes('embed')) return { ...noCapabilities, embeddings: true };
  if (name.includes('moderation') || name.includes('ocr')) return { ...noCapabilities };
  if (name.startsWith('voxtral')) return { ...chatCapabilities, audioInput: true };
  if (hasVision(name)) return { ...chatCapabilities, vision: true };
  return undefined;
}

function hasVision(name: string): boolean {
  if (name.startsWith('pixtral')) return true;
  if (name === 'mistral-medium' || name === 'mistral-medium-2312') return false;
  if (name.startsWith('mistral-medium')) return true;
  if (name.startsWith('mistral-small')) return datedFrom(name, 'mistral-small', 2503);
  if (name.startsWith('magistral-small') || name.startsWith('magistral-medium')) return datedFrom(name, name.split('-').slice(0, 2).join('-'), 2509);
  return false;
}

/** `<family>-latest`, or `<family>-YYMM` with YYMM at least `since`. */
function datedFrom(name: string, family: string, since: number): boolean {
  const suffix = name.slice(family.length + 1);
  if (suffix === 'latest') return true;
  const version = /^(\d{4})$/.exec(suffix);
  return version !== null && Number(version[1]) >= since;
}
