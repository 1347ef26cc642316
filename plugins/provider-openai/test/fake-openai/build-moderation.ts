/**
 * A moderation answer as OpenAI gives it: one result per input string, or one for a list of text
 * and image parts, each with every category, its score and (omni models) the input types it was
 * judged on. Scores are deterministic: an input naming a category's marker word (`kill` for
 * violence, `hate`, `harass`, `self-harm`, `sexual`, `weapon` for illicit/violent) scores 0.9 there
 * and is flagged; everything else scores below 0.01.
 */
import { createHash } from 'node:crypto';
import type { ModerationResponse, ModerationResult } from '@conduit/plugin-api';
import { openAIIds } from './openai-ids.ts';

export interface ModerationItem {
  texts: string[];
  images: number;
}

const categories = [
  'harassment',
  'harassment/threatening',
  'hate',
  'hate/threatening',
  'illicit',
  'illicit/violent',
  'self-harm',
  'self-harm/intent',
  'self-harm/instructions',
  'sexual',
  'sexual/minors',
  'violence',
  'violence/graphic',
] as const;

/** The categories OpenAI's omni models also judge images for. */
const imageCategories = new Set(['self-harm', 'self-harm/intent', 'self-harm/instructions', 'sexual', 'violence', 'violence/graphic']);

const markers: Record<string, RegExp> = {
  violence: /\bkill/i,
  hate: /\bhate/i,
  harassment: /\bharass/i,
  'self-harm': /self-harm/i,
  sexual: /\bsexual/i,
  'illicit/violent': /\bweapon/i,
};

export function buildModeration(items: ModerationItem[], model: string): ModerationResponse {
  const omni = !model.startsWith('text-moderation');
  return { id: openAIIds.moderation(), model, results: items.map((item) => result(item, omni)) };
}

function result(item: ModerationItem, omni: boolean): ModerationResult {
  const text = item.texts.join('\n');
  const flags: Record<string, boolean | null> = {};
  const scores: Record<string, number> = {};
  const applied: Record<string, Array<'text' | 'image'>> = {};
  for (const category of categories) {
    const hit = markers[category]?.test(text) === true;
    scores[category] = hit ? 0.9 : lowScore(text, category);
    // The text-moderation models predate the illicit categories: OpenAI answers null there.
    flags[category] = !omni && category.startsWith('illicit') ? null : hit;
    const types: Array<'text' | 'image'> = item.texts.length > 0 ? ['text'] : [];
    if (omni && item.images > 0 && imageCategories.has(category)) types.push('image');
    applied[category] = types;
  }
  return {
    flagged: Object.values(flags).some((flag) => flag === true),
    categories: flags,
    category_scores: scores,
    category_applied_input_types: applied,
  };
}

function lowScore(text: string, category: string): number {
  return createHash('sha256').update(`${category}\u0000${text}`).digest().readUInt16LE(0) / 65_536 / 100;
}
