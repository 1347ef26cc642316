/**
 * Serves the scripted reply for OpenAI's model endpoints: chat completions, legacy completions,
 * embeddings and image generation, each as OpenAI answers it.
 */
import type { ObservedRequest, ScriptedReply } from '@conduit/plugin-api/conformance';
import { buildChatCompletion, type MessageReply } from './build-chat-completion.ts';
import { ChatChunkWriter } from './build-chat-chunks.ts';
import { buildCompletion, buildCompletionChunks } from './build-completion.ts';
import { buildEmbeddings, roughTokens } from './build-embeddings.ts';
import { rateLimitHeaders, type FakeResponse } from './fake-response.ts';
import { openAIErrorBody } from './openai-error-body.ts';

/** What the fake can be told to answer: the kit's replies plus two the gateway's tests need. */
export type OpenAIFakeReply =
  | ScriptedReply
  /** Streams `textBefore`, then keeps the stream open until the client goes away. */
  | { type: 'stream-hang'; textBefore: string }
  /** An exact HTTP answer; each body piece is written separately. */
  | { type: 'raw'; status: number; headers?: Record<string, string>; body: string | Array<string | Uint8Array> };

export type ModelEndpoint = 'chat/completions' | 'completions' | 'embeddings' | 'images/generations' | 'images/edits';

type Body = Record<string, unknown>;

/** A 1x1 transparent PNG. */
export const tinyPng =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';

export async function serveModelEndpoint(
  endpoint: ModelEndpoint,
  reply: OpenAIFakeReply,
  body: Body,
  observed: ObservedRequest,
  out: FakeResponse,
  fingerprint: string,
  origin: string,
): Promise<void> {
  const stream = body.stream === true;
  const streamOptions = (typeof body.stream_options === 'object' && body.stream_options) || {};
  const includeUsage = (streamOptions as Body).include_usage === true;
  const okHeaders = rateLimitHeaders(false);

  switch (reply.type) {
    case 'http-error':
      return out.scriptedError(reply.status, reply.message, reply.retryAfterSeconds);
    case 'hang':
      return out.aborted;
    case 'raw':
      return out.raw(reply.status, reply.headers ?? {}, reply.body);
    case 'stream-error':
    case 'stream-hang': {
      if (!stream) {
        if (reply.type === 'stream-hang') return out.aborted;
        return out.scriptedError(500, reply.message);
      }
      out.startStream(okHeaders);
      const writer = new ChatChunkWriter({ model: observed.model, fingerprint, includeUsage, includeObfuscation: false });
      if (reply.textBefore !== '') {
        for (const chunk of writer.opening(reply.textBefore, 3)) await out.event(JSON.stringify(chunk));
      }
      if (reply.type === 'stream-hang') return out.aborted;
      await out.event(JSON.stringify(openAIErrorBody(500, reply.message)));
      return out.end();
    }
    case 'embeddings':
      if (endpoint !== 'embeddings') {
        return out.error(500, openAIErrorBody(500, `fake: an embeddings reply was scripted but ${endpoint} was called`));
      }
      return serveEmbeddings(body, observed, out, reply.dimensions, reply.usage.input, okHeaders);
    case 'message':
      break;
  }

  switch (endpoint) {
    case 'chat/completions': {
      if (!stream) return out.json(200, buildChatCompletion(reply, observed.model, fingerprint), okHeaders);
      const writer = new ChatChunkWriter({
        model: observed.model,
        fingerprint,
        includeUsage,
        includeObfuscation: (streamOptions as Body).include_obfuscation !== false,
      });
      out.startStream(okHeaders);
      for (const chunk of writer.message(reply)) await out.event(JSON.stringify(chunk));
      await out.event('[DONE]');
      return out.end();
    }
    case 'completions': {
      if (!stream) return out.json(200, buildCompletion(reply, observed.model, fingerprint), okHeaders);
      out.startStream(okHeaders);
      for (const chunk of buildCompletionChunks(reply, observed.model, fingerprint, includeUsage)) {
        await out.event(JSON.stringify(chunk));
      }
      await out.event('[DONE]');
      return out.end();
    }
    case 'embeddings':
      return serveEmbeddings(body, observed, out, undefined, reply.usage.input, okHeaders);
    case 'images/generations':
    case 'images/edits':
      return serveImages(body, observed, out, reply, origin, okHeaders);
  }
}

function serveEmbeddings(
  body: Body,
  observed: ObservedRequest,
  out: FakeResponse,
  dimensions: number | undefined,
  promptTokens: number | undefined,
  headers: Record<string, string>,
): void {
  const inputs = observed.inputs ?? [];
  const size = dimensions ?? (typeof body.dimensions === 'number' ? body.dimensions : 16);
  const encoding = body.encoding_format === 'base64' ? 'base64' : 'float';
  const tokens = promptTokens ?? roughTokens(inputs);
  out.json(200, buildEmbeddings(inputs, observed.model, size, tokens, encoding), headers);
}

function serveImages(
  body: Body,
  observed: ObservedRequest,
  out: FakeResponse,
  reply: MessageReply,
  origin: string,
  headers: Record<string, string>,
): void {
  const count = typeof body.n === 'number' ? body.n : 1;
  const asUrl = body.response_format === 'url';
  const data = Array.from({ length: count }, () =>
    asUrl ? { url: `${origin}/fake-images/image.png`, revised_prompt: reply.text } : { b64_json: tinyPng },
  );
  const answer: Record<string, unknown> = { created: Math.floor(Date.now() / 1000), data };
  if (observed.model.startsWith('gpt-image')) {
    Object.assign(answer, {
      background: 'opaque',
      output_format: 'png',
      quality: typeof body.quality === 'string' ? body.quality : 'high',
      size: typeof body.size === 'string' ? body.size : '1024x1024',
      usage: {
        input_tokens: reply.usage.input,
        input_tokens_details: { text_tokens: reply.usage.input, image_tokens: 0 },
        output_tokens: reply.usage.output,
        total_tokens: reply.usage.input + reply.usage.output,
      },
    });
  }
  out.json(200, answer, headers);
}
