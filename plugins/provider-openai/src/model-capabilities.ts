/**
 * Refinements by model name for OpenAI's own catalogue: embedding, image and moderation models only do that,
 * speech and transcription models answer no chat (the audio plugin serves them), realtime models
 * only hold realtime sessions, and models that predate vision cannot take images. Names not
 * recognised keep the defaults.
 */
import { noCapabilities, type ModelCapabilities } from '@conduit/plugin-api';

const audioOnly = /^(whisper-|tts-1|gpt-4o(-mini)?-(transcribe|tts)|gpt-transcribe)/;
const moderationModel = /^(omni|text)-moderation-/;
const realtimeOnly = /^(gpt-4o(-mini)?-realtime|gpt-realtime)/;

export function openAIModelCapabilities(model: string): Partial<ModelCapabilities> | undefined {
  if (audioOnly.test(model)) return { ...noCapabilities };
  // Realtime stays as the provider's type has it (a realtime translator); everything else is off.
  if (realtimeOnly.test(model)) {
    const { realtime: _kept, ...everythingElse } = noCapabilities;
    return everythingElse;
  }
  if (moderationModel.test(model)) return { ...noCapabilities, moderations: true };
  if (model.startsWith('text-embedding-')) return { ...noCapabilities, embeddings: true };
  if (model.startsWith('dall-e-') || model.startsWith('gpt-image-')) return { ...noCapabilities, images: true };
  if (model.startsWith('gpt-3.5-')) return { vision: false, embeddings: false, images: false };
  if (/^(gpt-4|o\d|gpt-5|chatgpt-)/.test(model)) return { embeddings: false, images: false, completions: false };
  return undefined;
}
