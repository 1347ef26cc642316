/** An images answer's usage: the images it holds, and the GPT image models' tokens when reported. */
import type { ImagesResponse, Usage } from '@conduit/plugin-api';
import type { ImageAnswerUsage } from '../../endpoint.ts';

export function imagesUsage(answer: ImagesResponse): ImageAnswerUsage {
  return { usage: imageTokenUsage(answer.usage), estimated: false, images: answer.data.length };
}

/** Input and output tokens in the gateway's terms; undefined when none were reported. */
function imageTokenUsage(reported: ImagesResponse['usage']): Usage | undefined {
  const input = countOf(reported?.input_tokens);
  const output = countOf(reported?.output_tokens);
  if (input === undefined && output === undefined) return undefined;
  const total = countOf(reported?.total_tokens) ?? (input ?? 0) + (output ?? 0);
  return { prompt_tokens: input ?? 0, completion_tokens: output ?? 0, total_tokens: total };
}

function countOf(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? Math.round(value) : undefined;
}
