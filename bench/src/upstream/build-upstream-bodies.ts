/**
 * The fake upstream's answers, built once per model: an OpenAI chat.completion of about 600 bytes,
 * and a stream of chat.completion.chunk events in OpenAI's exact shape (a role chunk with empty
 * content, content chunks, a finish chunk, then a usage chunk when `include_usage` was asked for).
 */
import { streamChunkCount } from '../bench-models.ts';

export interface UpstreamBodies {
  completion: Buffer;
  /** One buffer per event, `usage: null` in each, as OpenAI sends when include_usage is on. */
  chunksWithUsage: Buffer[];
  chunksWithoutUsage: Buffer[];
  /** The usage chunk followed by `data: [DONE]`. */
  usageAndDone: Buffer;
  done: Buffer;
  /** Whole streams in one buffer, for unpaced answers. */
  unpacedWithUsage: Buffer;
  unpacedWithoutUsage: Buffer;
}

const created = 1_732_600_000;
const fingerprint = 'fp_bench0c0nd';
const promptTokens = 24;
const completionTokens = streamChunkCount - 2;

const usage = {
  prompt_tokens: promptTokens,
  completion_tokens: completionTokens,
  total_tokens: promptTokens + completionTokens,
  prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
  completion_tokens_details: { reasoning_tokens: 0, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 },
};

const words = ['The', ' gateway', ' relays', ' this', ' answer', ' from', ' a', ' fake', ' upstream', ' that', ' speaks', ' OpenAI', '.'];

function contentOfLength(length: number): string {
  let text = '';
  for (let index = 0; text.length < length; index++) text += words[index % words.length];
  return text.slice(0, length);
}

function completionBody(model: string, targetBytes: number): Buffer {
  const build = (content: string): string =>
    JSON.stringify({
      id: 'chatcmpl-bench000000000000000000000000',
      object: 'chat.completion',
      created,
      model,
      choices: [
        {
          index: 0,
          message: { role: 'assistant', content, refusal: null, annotations: [] },
          logprobs: null,
          finish_reason: 'stop',
        },
      ],
      usage,
      service_tier: 'default',
      system_fingerprint: fingerprint,
    });
  const overhead = Buffer.byteLength(build(''));
  return Buffer.from(build(contentOfLength(Math.max(16, targetBytes - overhead))));
}

function sse(value: unknown): string {
  return `data: ${JSON.stringify(value)}\n\n`;
}

function chunkEvents(model: string, withUsage: boolean): string[] {
  const base = { id: 'chatcmpl-bench000000000000000000000000', object: 'chat.completion.chunk', created, model, service_tier: 'default', system_fingerprint: fingerprint };
  const extra = withUsage ? { usage: null } : {};
  const events: string[] = [];
  events.push(sse({ ...base, choices: [{ index: 0, delta: { role: 'assistant', content: '', refusal: null }, logprobs: null, finish_reason: null }], ...extra }));
  for (let index = 0; index < streamChunkCount - 2; index++) {
    const content = words[index % words.length]!;
    events.push(sse({ ...base, choices: [{ index: 0, delta: { content }, logprobs: null, finish_reason: null }], ...extra }));
  }
  events.push(sse({ ...base, choices: [{ index: 0, delta: {}, logprobs: null, finish_reason: 'stop' }], ...extra }));
  return events;
}

export function buildUpstreamBodies(model: string): UpstreamBodies {
  const withUsage = chunkEvents(model, true);
  const withoutUsage = chunkEvents(model, false);
  const done = 'data: [DONE]\n\n';
  const usageChunk = sse({
    id: 'chatcmpl-bench000000000000000000000000',
    object: 'chat.completion.chunk',
    created,
    model,
    service_tier: 'default',
    system_fingerprint: fingerprint,
    choices: [],
    usage,
  });
  return {
    completion: completionBody(model, 600),
    chunksWithUsage: withUsage.map((event) => Buffer.from(event)),
    chunksWithoutUsage: withoutUsage.map((event) => Buffer.from(event)),
    usageAndDone: Buffer.from(usageChunk + done),
    done: Buffer.from(done),
    unpacedWithUsage: Buffer.from(withUsage.join('') + usageChunk + done),
    unpacedWithoutUsage: Buffer.from(withoutUsage.join('') + done),
  };
}
