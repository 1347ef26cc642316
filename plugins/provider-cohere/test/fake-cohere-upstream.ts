/**
 * A fake Cohere API on 127.0.0.1 speaking Cohere's real v2 wire format: `POST /v2/chat` (JSON, or
 * SSE events from `message-start` to `message-end` when `stream: true`), `POST /v2/embed`
 * (`embeddings_by_type`), `GET /v1/models`; Bearer authentication with Cohere's 401 bodies;
 * `{id, message}` error bodies with `retry-after`; in-stream failures as `message-end` with
 * finish reason `ERROR`. It implements the conformance kit's ConformanceFakeUpstream.
 *
 * Scripted replies are consumed in order by chat and embed requests; `GET /v1/models` always
 * answers with a fixed list so health probes never steal a reply.
 */
import {
  assembleFakeUpstream,
  createFakeReplyScript,
  parseJsonBody,
  startFakeHttpServer,
  type AssembledFakeUpstream,
  type ScriptedReply,
} from '@conduit/plugin-api/conformance';
import {
  cohereChatBody,
  cohereEmbedBody,
  cohereModelsBody,
  cohereStreamErrorEvents,
  cohereStreamEvents,
} from './fake/build-cohere-replies.ts';
import { CohereAnswer } from './fake/cohere-answer.ts';
import { readCohereRequest } from './fake/read-cohere-request.ts';

export interface CohereFakeUpstream extends AssembledFakeUpstream {
  /** `http://127.0.0.1:<port>`, which is also `provider.baseUrl` (Cohere's paths start at /v1, /v2). */
  readonly origin: string;
  readonly apiKey: string;
}

export const defaultCohereFakeApiKey = 'co-fake-key-0123456789abcdefghijklmnopqrstuv';

const defaultChatReply: ScriptedReply = {
  type: 'message',
  text: 'Hello from the fake Cohere upstream.',
  finish: 'stop',
  usage: { input: 9, output: 8 },
};

export async function startCohereFakeUpstream(options: { apiKey?: string } = {}): Promise<CohereFakeUpstream> {
  const apiKey = options.apiKey ?? defaultCohereFakeApiKey;
  const script = createFakeReplyScript('the fake Cohere upstream');

  const server = await startFakeHttpServer((req, raw, res) => {
    const answer = new CohereAnswer(res);
    const path = req.url ?? '/';
    const pathname = path.split('?')[0];
    const method = req.method ?? 'GET';
    const body = parseJsonBody(raw);
    script.record(readCohereRequest(path, req.headers, body.value));

    const presented = /^bearer\s+(.+)$/i.exec(req.headers.authorization ?? '')?.[1]?.trim();
    if (!presented) return answer.error(401, 'no api key supplied');
    if (presented !== apiKey) return answer.error(401, 'invalid api token');

    if (method === 'GET' && pathname === '/v1/models') return answer.json(200, cohereModelsBody);
    const route = method === 'POST' ? routes[pathname] : undefined;
    if (!route) return answer.error(404, `route ${method} ${pathname} not found`);
    const fields = body.object;
    if (!fields) {
      return answer.error(400, 'invalid request: could not parse the request body as JSON');
    }
    const invalid = route.validate(fields);
    if (invalid) return answer.error(400, invalid);
    route.serve(script.next(), fields, answer);
  }, { failureBody: (message) => ({ message }) });

  return {
    ...assembleFakeUpstream({ provider: { baseUrl: server.origin, credentials: { apiKey }, options: {} }, script, server }),
    apiKey,
  };
}

interface Route {
  /** Cohere's own 400 message when the body is not acceptable. */
  validate(body: Record<string, unknown>): string | undefined;
  serve(reply: ScriptedReply | undefined, body: Record<string, unknown>, answer: CohereAnswer): void;
}

const routes: Record<string, Route> = {
  '/v2/chat': {
    validate(body) {
      if (typeof body.model !== 'string') return 'invalid request: model must be a string';
      if (!Array.isArray(body.messages) || body.messages.length === 0) return 'invalid request: messages must not be empty';
      if (body.tool_choice === 'REQUIRED' && !Array.isArray(body.tools)) {
        return 'invalid request: tool_choice REQUIRED requires tools to be specified';
      }
      return undefined;
    },
    serve(reply = defaultChatReply, body, answer) {
      const stream = body.stream === true;
      switch (reply.type) {
        case 'message':
          return stream ? answer.stream(cohereStreamEvents(reply)) : answer.json(200, cohereChatBody(reply));
        case 'http-error':
          return answer.error(reply.status, reply.message, reply.retryAfterSeconds);
        case 'stream-error':
          return answer.stream(cohereStreamErrorEvents(reply.textBefore, reply.message));
        case 'hang':
          return;
        case 'embeddings':
          return answer.error(500, 'fake: an embeddings reply was queued for a chat request');
      }
    },
  },
  '/v2/embed': {
    validate(body) {
      if (typeof body.model !== 'string') return 'invalid request: model must be a string';
      if (!Array.isArray(body.texts) && !Array.isArray(body.inputs) && !Array.isArray(body.images)) {
        return 'invalid request: one of texts, images or inputs must be specified';
      }
      if (typeof body.input_type !== 'string') return 'invalid request: valid input_type must be provided with the provided model';
      if (!Array.isArray(body.embedding_types) || body.embedding_types.length === 0) {
        return 'invalid request: embedding_types must be specified';
      }
      return undefined;
    },
    serve(reply, body, answer) {
      const texts = Array.isArray(body.texts) ? body.texts.map(String) : [];
      switch (reply?.type) {
        case 'http-error':
          return answer.error(reply.status, reply.message, reply.retryAfterSeconds);
        case 'hang':
          return;
        case 'embeddings':
          return answer.json(200, cohereEmbedBody(texts, reply.dimensions, reply.usage.input));
        default:
          return answer.json(200, cohereEmbedBody(texts, 8, texts.length * 2));
      }
    },
  },
};
