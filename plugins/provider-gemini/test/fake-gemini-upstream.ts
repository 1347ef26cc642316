/**
 * A fake Gemini Developer API on 127.0.0.1, speaking the real wire format: `generateContent` (JSON),
 * `streamGenerateContent` (SSE with `alt=sse`, a JSON array without), `embedContent`,
 * `batchEmbedContents`, the model list; `x-goog-api-key` (or `?key=`) authentication answered the way
 * Google does (a wrong key is a 400 API_KEY_INVALID, a missing one a 403); google.rpc.Status error
 * bodies with RetryInfo on 429s (and a Retry-After header); in-stream error events. It implements the
 * conformance kit's ConformanceFakeUpstream and adds hooks for other tests.
 *
 * Scripted replies are consumed in order by POST requests to model methods; `GET /v1beta/models`
 * answers from `setModels`, so health probes never steal a scripted reply.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  assembleFakeUpstream,
  createFakeReplyScript,
  parseJsonBody,
  startFakeHttpServer,
  type AssembledFakeUpstream,
  type ScriptedReply,
} from '@conduit/plugin-api/conformance';
import { observeGeminiRequest } from './fake/observe-gemini-request.ts';
import {
  embeddingValues,
  errorBody,
  generateContentResponse,
  invalidApiKeyBody,
  missingApiKeyBody,
  modelEntry,
  streamEvents,
  textEvent,
} from './fake/gemini-reply-bodies.ts';
import { validateGenerateContent } from './fake/validate-gemini-request.ts';

type Json = Record<string, unknown>;

/** The kit's replies plus raw Gemini bodies, for shapes the neutral script cannot express. */
export type GeminiFakeReply =
  | ScriptedReply
  /** This exact GenerateContentResponse (non-stream) or these events (stream). */
  | { type: 'gemini'; body?: Json; events?: Json[] };

export interface GeminiFakeUpstream extends AssembledFakeUpstream<GeminiFakeReply> {
  /** `http://127.0.0.1:<port>`, which is also `provider.baseUrl` (Gemini's base URL has no version). */
  readonly origin: string;
  readonly apiKey: string;
  /** The model ids `GET /v1beta/models` lists (paged by `pageSize`/`pageToken`). */
  setModels(ids: string[]): void;
}

export const defaultGeminiFakeApiKey = 'AIzaSy-conduit-fake-gemini-key-000000000';
export const defaultGeminiFakeModels = ['gemini-2.5-flash', 'gemini-2.5-pro', 'gemini-3-pro-preview', 'gemini-embedding-001', 'text-embedding-004'];

const defaultMessage: ScriptedReply = {
  type: 'message',
  text: 'Hello from the fake Gemini upstream.',
  finish: 'stop',
  usage: { input: 9, output: 8 },
};

const commonHeaders = {
  vary: 'Origin, X-Origin, Referer',
  server: 'scaffolding on HTTPServer2',
  'x-xss-protection': '0',
  'x-frame-options': 'SAMEORIGIN',
  'x-content-type-options': 'nosniff',
};

export async function startGeminiFakeUpstream(options: { apiKey?: string } = {}): Promise<GeminiFakeUpstream> {
  const apiKey = options.apiKey ?? defaultGeminiFakeApiKey;
  const script = createFakeReplyScript<GeminiFakeReply>('the fake Gemini upstream');
  let models = [...defaultGeminiFakeModels];

  const sendJson = (res: ServerResponse, status: number, body: unknown, extra: Record<string, string> = {}): void => {
    const text = JSON.stringify(body, null, 2);
    res.writeHead(status, {
      'content-type': 'application/json; charset=UTF-8',
      ...commonHeaders,
      'server-timing': `gfet4t7; dur=${50 + Math.floor(Math.random() * 400)}`,
      ...extra,
    });
    res.end(text);
  };

  const handle = (req: IncomingMessage, raw: Buffer, res: ServerResponse): void => {
    const url = new URL(req.url ?? '/', 'http://fake');
    const key = headerValue(req.headers['x-goog-api-key']) ?? url.searchParams.get('key') ?? undefined;
    const route = /^\/v1beta\/((?:models|tunedModels)\/[^:/]+):([A-Za-z]+)$/.exec(url.pathname);
    const { readable, value: body } = parseJsonBody(raw);
    const method = route?.[2] ?? '';
    script.record(
      observeGeminiRequest({
        path: `${url.pathname}${url.search}`,
        headers: req.headers,
        body,
        model: route ? decodeURIComponent(route[1]!.replace(/^models\//, '')) : '',
        method,
      }),
    );

    if (key === undefined) return sendJson(res, 403, missingApiKeyBody());
    if (key !== apiKey) return sendJson(res, 400, invalidApiKeyBody());

    if (req.method === 'GET' && url.pathname === '/v1beta/models') return listModels(res, url);
    const single = /^\/v1beta\/models\/([^:/]+)$/.exec(url.pathname);
    if (req.method === 'GET' && single) {
      const id = decodeURIComponent(single[1]!);
      return models.includes(id)
        ? sendJson(res, 200, modelEntry(id))
        : sendJson(res, 404, errorBody(404, `models/${id} is not found for API version v1beta, or is not supported for generateContent. Call ListModels to see the list of available models and their supported methods.`));
    }
    if (req.method !== 'POST' || !route) return sendJson(res, 404, errorBody(404, 'Requested entity was not found.'));
    if (!readable || !body || typeof body !== 'object') {
      return sendJson(res, 400, errorBody(400, 'Invalid JSON payload received. Unexpected token.'));
    }
    const model = route[1]!.replace(/^models\//, '');
    const reply = script.next() ?? (method.includes('mbed') ? undefined : defaultMessage);
    if (reply?.type === 'hang') return; // held open until the client goes away
    if (reply?.type === 'http-error') {
      const extra: Record<string, string> = reply.retryAfterSeconds !== undefined ? { 'retry-after': String(reply.retryAfterSeconds) } : {};
      return sendJson(res, reply.status, errorBody(reply.status, reply.message, reply.retryAfterSeconds), extra);
    }
    if (method === 'embedContent' || method === 'batchEmbedContents') return embed(res, method, body as Json, model, reply);
    if (method !== 'generateContent' && method !== 'streamGenerateContent') {
      return sendJson(res, 404, errorBody(404, `Method ${method} is not found for models/${model}.`));
    }
    const problem = validateGenerateContent(body as Json);
    if (problem) return sendJson(res, 400, errorBody(400, problem));
    if (method === 'generateContent') return generate(res, model, reply ?? defaultMessage);
    return stream(res, model, reply ?? defaultMessage, url.searchParams.get('alt') === 'sse');
  };

  const listModels = (res: ServerResponse, url: URL): void => {
    const pageSize = Math.min(Number(url.searchParams.get('pageSize') ?? 50) || 50, 1000);
    const start = Number(url.searchParams.get('pageToken') ?? 0) || 0;
    const page = models.slice(start, start + pageSize);
    const next = start + pageSize < models.length ? String(start + pageSize) : undefined;
    sendJson(res, 200, { models: page.map(modelEntry), ...(next ? { nextPageToken: next } : {}) });
  };

  const generate = (res: ServerResponse, model: string, reply: GeminiFakeReply): void => {
    if (reply.type === 'gemini') return sendJson(res, 200, reply.body ?? reply.events?.at(-1) ?? {});
    if (reply.type === 'stream-error') return sendJson(res, 500, errorBody(500, reply.message));
    sendJson(res, 200, generateContentResponse(reply.type === 'message' ? reply : (defaultMessage as MessageReply), model));
  };

  const stream = (res: ServerResponse, model: string, reply: GeminiFakeReply, sse: boolean): void => {
    let events: Json[];
    let failure: Json | undefined;
    if (reply.type === 'gemini') events = reply.events ?? (reply.body ? [reply.body] : []);
    else if (reply.type === 'stream-error') {
      events = reply.textBefore ? [textEvent(reply.textBefore, model)] : [];
      failure = errorBody(500, reply.message);
    } else events = streamEvents(reply.type === 'message' ? reply : (defaultMessage as MessageReply), model);
    res.writeHead(200, {
      'content-type': sse ? 'text/event-stream' : 'application/json; charset=UTF-8',
      'content-disposition': 'attachment',
      ...commonHeaders,
      'server-timing': `gfet4t7; dur=${20 + Math.floor(Math.random() * 200)}`,
    });
    const all = failure ? [...events, failure] : events;
    if (sse) {
      for (const event of all) res.write(`data: ${JSON.stringify(event)}\r\n\r\n`);
      res.end();
    } else {
      res.end(`[${all.map((event) => JSON.stringify(event, null, 2)).join(',\r\n')}]`);
    }
  };

  const embed = (res: ServerResponse, method: string, body: Json, model: string, reply: GeminiFakeReply | undefined): void => {
    const requests = method === 'embedContent' ? [body] : Array.isArray(body.requests) ? (body.requests as Json[]) : [];
    if (requests.length === 0) return sendJson(res, 400, errorBody(400, '* BatchEmbedContentsRequest.requests: requests is not specified\n'));
    if (requests.length > 100) return sendJson(res, 400, errorBody(400, '* BatchEmbedContentsRequest.requests: at most 100 requests can be in one batch\n'));
    const texts = requests.map((request) => textOf(request.content));
    const mismatch = method === 'batchEmbedContents' && requests.some((request) => request.model !== `models/${model}`);
    if (mismatch) return sendJson(res, 400, errorBody(400, `* BatchEmbedContentsRequest.requests[0].model: the model in the request must match models/${model}.\n`));
    const dimensionsOf = (request: Json): number =>
      typeof request.outputDimensionality === 'number' ? request.outputDimensionality : reply?.type === 'embeddings' ? reply.dimensions : 8;
    const vectors = requests.map((request, index) => ({ values: embeddingValues(texts[index]!, dimensionsOf(request)) }));
    const usage =
      reply?.type === 'embeddings'
        ? { usageMetadata: { promptTokenCount: reply.usage.input, promptTokenDetails: [{ modality: 'TEXT', tokenCount: reply.usage.input }] } }
        : {};
    sendJson(res, 200, method === 'embedContent' ? { embedding: vectors[0], ...usage } : { embeddings: vectors, ...usage });
  };

  const server = await startFakeHttpServer(handle, { failureBody: (message) => errorBody(500, message) });

  return {
    ...assembleFakeUpstream({ provider: { baseUrl: server.origin, credentials: { apiKey }, options: {} }, script, server }),
    apiKey,
    setModels(ids) {
      models = [...ids];
    },
  };
}

type MessageReply = Extract<ScriptedReply, { type: 'message' }>;

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function textOf(content: unknown): string {
  const parts = (content as { parts?: Array<{ text?: unknown }> } | undefined)?.parts ?? [];
  return parts.map((part) => (typeof part.text === 'string' ? part.text : '')).join('');
}
