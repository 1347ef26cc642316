/**
 * A fake Mistral API on 127.0.0.1 speaking Mistral's real wire format: `POST /v1/chat/completions`
 * (JSON, or data-only SSE ending with `data: [DONE]` and usage on the last chunk), `POST
 * /v1/embeddings`, `GET /v1/models`; Bearer authentication with Mistral's 401 body; Mistral's
 * strict request validation (422 `extra_forbidden`, 400 for tool call ids that are not nine
 * alphanumerics); error bodies with `retry-after`; in-stream error bodies. It implements the
 * conformance kit's ConformanceFakeUpstream.
 *
 * Scripted replies are consumed in order by chat and embeddings requests; `GET /v1/models` answers
 * with a fixed list so health probes never steal a reply.
 */
import { randomBytes } from 'node:crypto';
import {
  assembleFakeUpstream,
  createFakeReplyScript,
  parseJsonBody,
  startFakeHttpServer,
  type AssembledFakeUpstream,
  type ScriptedReply,
} from '@conduit/plugin-api/conformance';
import {
  mistralChatBody,
  mistralEmbeddingsBody,
  mistralErrorBody,
  mistralModelsBody,
  mistralStreamChunks,
  mistralStreamErrorChunks,
} from './fake/build-mistral-replies.ts';
import { MistralAnswer } from './fake/mistral-answer.ts';
import { readMistralRequest } from './fake/read-mistral-request.ts';
import { validateChatRequest, validateEmbeddingsRequest, type Refusal } from './fake/validate-mistral-request.ts';

/** Mistral-only scripted answers beyond the neutral ones. */
export type MistralScriptedReply =
  | ScriptedReply
  /**
   * Exactly these chat stream chunks, each a `data:` event, then `data: [DONE]` unless `done` is
   * false (a stream cut short): for what scripted messages never hold, such as thinking chunks.
   */
  | { type: 'chunks'; chunks: Array<Record<string, unknown>>; done: boolean }
  /** Exactly this chat completion body (non-stream requests). */
  | { type: 'body'; body: Record<string, unknown> };

export interface MistralFakeUpstream extends AssembledFakeUpstream<MistralScriptedReply> {
  /** `http://127.0.0.1:<port>`: the SDK's `serverURL`; `provider.baseUrl` is this plus `/v1`. */
  readonly origin: string;
  readonly apiKey: string;
}

export const defaultMistralFakeApiKey = 'fakeMistralKey0123456789abcdefGH';

const defaultChatReply: ScriptedReply = {
  type: 'message',
  text: 'Hello from the fake Mistral upstream.',
  finish: 'stop',
  usage: { input: 9, output: 8 },
};

export async function startMistralFakeUpstream(options: { apiKey?: string } = {}): Promise<MistralFakeUpstream> {
  const apiKey = options.apiKey ?? defaultMistralFakeApiKey;
  const script = createFakeReplyScript<MistralScriptedReply>('the fake Mistral upstream');

  const server = await startFakeHttpServer((req, raw, res) => {
    const answer = new MistralAnswer(res);
    const path = req.url ?? '/';
    const pathname = path.split('?')[0];
    const method = req.method ?? 'GET';
    const body = parseJsonBody(raw);
    script.record(readMistralRequest(path, req.headers, body.value));

    const presented = /^bearer\s+(.+)$/i.exec(req.headers.authorization ?? '')?.[1]?.trim();
    if (presented !== apiKey) {
      return answer.json(401, { message: 'Unauthorized', request_id: randomBytes(16).toString('hex') });
    }
    if (method === 'GET' && pathname === '/v1/models') return answer.json(200, mistralModelsBody);
    const route = method === 'POST' ? routes[pathname] : undefined;
    if (!route) return answer.json(404, { detail: 'Not Found' });
    const fields = body.object;
    if (!fields) {
      return answer.json(400, { object: 'error', message: 'Invalid JSON body', type: 'invalid_request_error', param: null, code: null });
    }
    const refusal = route.validate(fields);
    if (refusal) return answer.json(refusal.status, refusal.body);
    route.serve(script.next(), fields, answer);
  }, { failureBody: (message) => mistralErrorBody(500, message) });

  return {
    ...assembleFakeUpstream({ provider: { baseUrl: `${server.origin}/v1`, credentials: { apiKey }, options: {} }, script, server }),
    apiKey,
  };
}

interface Route {
  validate(body: Record<string, unknown>): Refusal | undefined;
  serve(reply: MistralScriptedReply | undefined, body: Record<string, unknown>, answer: MistralAnswer): void;
}

function scriptedError(reply: { status: number; message: string; retryAfterSeconds?: number }, answer: MistralAnswer): void {
  const headers: Record<string, string> = {};
  if (reply.retryAfterSeconds !== undefined) headers['retry-after'] = String(Math.ceil(reply.retryAfterSeconds));
  answer.json(reply.status, mistralErrorBody(reply.status, reply.message), headers);
}

const routes: Record<string, Route> = {
  '/v1/chat/completions': {
    validate: validateChatRequest,
    serve(reply = defaultChatReply, body, answer) {
      const model = String(body.model);
      switch (reply.type) {
        case 'message':
          return body.stream === true
            ? answer.stream(mistralStreamChunks(reply, model), true)
            : answer.json(200, mistralChatBody(reply, model));
        case 'http-error':
          return scriptedError(reply, answer);
        case 'stream-error':
          return answer.stream(mistralStreamErrorChunks(reply.textBefore, reply.message, model), false);
        case 'hang':
          return;
        case 'embeddings':
          return answer.json(500, mistralErrorBody(500, 'fake: an embeddings reply was queued for a chat request'));
        case 'chunks':
          if (body.stream !== true) return answer.json(500, mistralErrorBody(500, 'fake: stream chunks were queued for a non-stream request'));
          return answer.stream(reply.chunks, reply.done);
        case 'body':
          if (body.stream === true) return answer.json(500, mistralErrorBody(500, 'fake: a chat body was queued for a stream request'));
          return answer.json(200, reply.body);
      }
    },
  },
  '/v1/embeddings': {
    validate: validateEmbeddingsRequest,
    serve(reply, body, answer) {
      const inputs = typeof body.input === 'string' ? [body.input] : Array.isArray(body.input) ? body.input.map(String) : [];
      const model = String(body.model);
      switch (reply?.type) {
        case 'http-error':
          return scriptedError(reply, answer);
        case 'hang':
          return;
        case 'embeddings':
          return answer.json(200, mistralEmbeddingsBody(inputs, reply.dimensions, reply.usage.input, model));
        case 'chunks':
        case 'body':
          return answer.json(500, mistralErrorBody(500, 'fake: a chat reply was queued for an embeddings request'));
        default:
          return answer.json(200, mistralEmbeddingsBody(inputs, 8, inputs.length * 3, model));
      }
    },
  },
};
