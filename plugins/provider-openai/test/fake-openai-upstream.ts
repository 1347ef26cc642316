/**
 * A fake OpenAI API on 127.0.0.1, speaking OpenAI's real wire format: chat completions (JSON and
 * SSE), legacy completions, embeddings (float and base64), models, image generation and edits
 * (multipart: each file's field, name, type, size and first bytes recorded), the Audio API
 * (transcriptions, translations, speech; see serve-audio-endpoints.ts), moderations (see
 * serve-moderations.ts); Bearer
 * authentication with OpenAI's 401 bodies; error bodies with `x-request-id`, `retry-after` and
 * `x-ratelimit-*` headers; in-stream error events. It implements the conformance kit's
 * ConformanceFakeUpstream, and adds hooks for the gateway's end-to-end tests.
 *
 * Scripted replies are consumed, in order, by requests to the model endpoints (POST chat/completions,
 * completions, embeddings, images/generations, images/edits, moderations); `GET /v1/models` answers from `setModels` (or
 * `setModelsReply`) so background health probes never steal a scripted reply.
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
import { readOpenAIRequest } from './fake-openai/read-openai-request.ts';
import { FakeResponse } from './fake-openai/fake-response.ts';
import { invalidApiKeyBody, missingApiKeyBody, openAIErrorBody } from './fake-openai/openai-error-body.ts';
import { openAIIds } from './fake-openai/openai-ids.ts';
import { readMultipart, type MultipartForm } from './fake-openai/read-multipart.ts';
import { serveSpeech, serveTranscription } from './fake-openai/serve-audio-endpoints.ts';
import { serveModerations } from './fake-openai/serve-moderations.ts';
import {
  serveModelEndpoint,
  tinyPng,
  type ModelEndpoint,
  type OpenAIFakeReply,
} from './fake-openai/serve-model-endpoints.ts';

export type { OpenAIFakeReply } from './fake-openai/serve-model-endpoints.ts';

/** `enqueue` accepts the kit's ScriptedReply and the fake's own `stream-hang` and `raw` replies. */
export interface OpenAIFakeUpstream extends AssembledFakeUpstream<OpenAIFakeReply> {
  /** `http://127.0.0.1:<port>`; `provider.baseUrl` is this plus `/v1`. */
  readonly origin: string;
  readonly apiKey: string;
  /** Delays the start of every answer (before headers) by `ms` until set back to 0. */
  setDelay(ms: number): void;
  /** Pause between two stream events (and raw body pieces). */
  setChunkDelay(ms: number): void;
  /** The model ids `GET /v1/models` lists. */
  setModels(ids: string[]): void;
  /** A standing answer for `GET /v1/models` and `/v1/models/{id}` (e.g. an http-error); undefined restores the list. */
  setModelsReply(reply: OpenAIFakeReply | undefined): void;
  /** Forgets queued replies, observed requests, delays and the models override. */
  reset(): void;
}

export const defaultOpenAIFakeApiKey = 'sk-conduit-fake-openai-0000000000000000';
export const defaultFakeModels = ['gpt-4o', 'gpt-4o-mini', 'gpt-3.5-turbo-instruct', 'text-embedding-3-small', 'dall-e-3', 'gpt-image-1'];

const defaultReply: ScriptedReply = {
  type: 'message',
  text: 'Hello from the fake OpenAI upstream.',
  finish: 'stop',
  usage: { input: 10, output: 7 },
};

const modelEndpoints: Record<string, ModelEndpoint> = {
  '/v1/chat/completions': 'chat/completions',
  '/v1/completions': 'completions',
  '/v1/embeddings': 'embeddings',
  '/v1/images/generations': 'images/generations',
};

const audioEndpoints: Record<string, 'transcribe' | 'translate' | 'speech'> = {
  '/v1/audio/transcriptions': 'transcribe',
  '/v1/audio/translations': 'translate',
  '/v1/audio/speech': 'speech',
};

/** A multipart request as the fake records it: each field's value (a list for `name[]`), and the file's name, type and size. */
function formBody(form: MultipartForm): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const [name, values] of Object.entries(form.fields)) body[name] = name.endsWith('[]') ? values : values[0];
  if (body.stream !== undefined) body.stream = body.stream === 'true';
  if (form.file) body.file = { filename: form.file.filename, contentType: form.file.contentType, bytes: form.file.bytes.length };
  return body;
}

/** An image edit as the fake records it: its fields (`n` as a number) and each file's field, name, type and bytes. */
function editBody(form: MultipartForm): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const [name, values] of Object.entries(form.fields)) body[name] = values[0];
  if (typeof body.n === 'string') body.n = Number(body.n);
  body.files = form.files.map((file) => ({ field: file.field, filename: file.filename, contentType: file.contentType, bytes: file.bytes.length, sha: file.bytes.toString('base64').slice(0, 24) }));
  return body;
}

export async function startOpenAIFakeUpstream(options: { apiKey?: string } = {}): Promise<OpenAIFakeUpstream> {
  const apiKey = options.apiKey ?? defaultOpenAIFakeApiKey;
  const fingerprint = openAIIds.fingerprint();
  const script = createFakeReplyScript<OpenAIFakeReply>('the fake OpenAI upstream');
  let delayMs = 0;
  let chunkDelayMs = 0;
  let models = [...defaultFakeModels];
  let modelsReply: OpenAIFakeReply | undefined;

  const handle = async (req: IncomingMessage, raw: Buffer, res: ServerResponse): Promise<void> => {
    res.setHeader('x-request-id', openAIIds.request());
    res.setHeader('openai-version', '2020-10-01');
    const out = new FakeResponse(res, () => chunkDelayMs);
    const path = req.url ?? '/';
    const pathname = path.split('?')[0];
    const body = parseJsonBody(raw);
    const audio = audioEndpoints[pathname];
    const edits = pathname === '/v1/images/edits';
    const form = (audio && audio !== 'speech') || edits ? await readMultipart(req.headers, raw) : undefined;
    const request = readOpenAIRequest(path, req.headers, form ? (edits ? editBody(form) : formBody(form)) : body.value);
    script.record(request);

    const authorization = req.headers.authorization ?? '';
    const presented = /^Bearer\s+(.+)$/i.exec(authorization)?.[1]?.trim();
    if (!presented) return out.error(401, missingApiKeyBody);
    if (presented !== apiKey) return out.error(401, invalidApiKeyBody(presented));

    await out.wait(delayMs);
    if (out.gone) return;

    const method = req.method ?? 'GET';
    if (method === 'GET' && (pathname === '/v1/models' || pathname.startsWith('/v1/models/'))) {
      if (modelsReply) return serveModelEndpoint('chat/completions', modelsReply, {}, request, out, fingerprint, origin);
      return serveModels(pathname, out, models);
    }
    if (method === 'GET' && pathname === '/fake-images/image.png') {
      res.writeHead(200, { 'content-type': 'image/png' });
      return void res.end(Buffer.from(tinyPng, 'base64'));
    }
    if (method === 'POST' && audio) {
      const reply = script.next();
      if (audio === 'speech') return serveSpeech(body.object, reply, out);
      return serveTranscription(audio, form, reply, out);
    }
    if (method === 'POST' && edits) {
      if (!form) return out.error(400, openAIErrorBody(400, 'The request must be multipart/form-data.'));
      const fields = editBody(form);
      if (typeof fields.prompt !== 'string') return out.error(400, openAIErrorBody(400, "Missing required parameter: 'prompt'.", { param: 'prompt', code: 'missing_required_parameter' }));
      if (!form.files.some((file) => file.field === 'image' || file.field === 'image[]')) {
        return out.error(400, openAIErrorBody(400, "Missing required parameter: 'image'.", { param: 'image', code: 'missing_required_parameter' }));
      }
      return serveModelEndpoint('images/edits', script.next() ?? defaultReply, fields, request, out, fingerprint, origin);
    }
    if (method === 'POST' && pathname === '/v1/moderations') {
      if (!body.object) return out.error(400, openAIErrorBody(400, unparseableBodyMessage));
      return serveModerations(body.object, script.next(), out);
    }
    const endpoint = modelEndpoints[pathname];
    if (method !== 'POST' || !endpoint) {
      return out.error(404, openAIErrorBody(404, `Invalid URL (${method} ${pathname})`, { code: null }));
    }
    if (!body.object) return out.error(400, openAIErrorBody(400, unparseableBodyMessage));
    const invalid = validate(endpoint, body.object);
    if (invalid) return out.error(400, invalid);
    const reply = script.next() ?? defaultReply;
    await serveModelEndpoint(endpoint, reply, body.object, request, out, fingerprint, origin);
  };

  const server = await startFakeHttpServer(handle, { failureBody: (message) => openAIErrorBody(500, message) });
  const origin = server.origin;
  const upstream = assembleFakeUpstream({ provider: { baseUrl: `${origin}/v1`, credentials: { apiKey }, options: {} }, script, server });

  return {
    ...upstream,
    apiKey,
    setDelay(ms) {
      delayMs = ms;
    },
    setChunkDelay(ms) {
      chunkDelayMs = ms;
    },
    setModels(ids) {
      models = [...ids];
    },
    setModelsReply(reply) {
      modelsReply = reply;
    },
    reset() {
      upstream.reset();
      delayMs = 0;
      chunkDelayMs = 0;
      models = [...defaultFakeModels];
      modelsReply = undefined;
    },
  };
}

const unparseableBodyMessage =
  "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library correctly. The OpenAI API expects a JSON payload, but what was sent was not valid JSON. If you have trouble figuring out how to fix this, please contact us through our help center at help.openai.com.)";

function validate(endpoint: ModelEndpoint, body: Record<string, unknown>): ReturnType<typeof openAIErrorBody> | undefined {
  const missing = (param: string) =>
    openAIErrorBody(400, `Missing required parameter: '${param}'.`, { param, code: 'missing_required_parameter' });
  if (endpoint !== 'images/generations' && typeof body.model !== 'string') {
    return openAIErrorBody(400, 'you must provide a model parameter');
  }
  if (endpoint === 'chat/completions' && (!Array.isArray(body.messages) || body.messages.length === 0)) {
    return missing('messages');
  }
  if ((endpoint === 'completions' || endpoint === 'images/generations') && body.prompt === undefined) {
    return missing('prompt');
  }
  if (endpoint === 'embeddings' && body.input === undefined) return missing('input');
  if (body.stream !== true && body.stream_options !== undefined && body.stream_options !== null) {
    return openAIErrorBody(400, "The 'stream_options' parameter is only allowed when 'stream' is enabled.", {
      param: 'stream_options',
    });
  }
  return undefined;
}

function serveModels(pathname: string, out: FakeResponse, models: string[]): void {
  const describe = (id: string) => ({
    id,
    object: 'model',
    created: 1_715_367_049,
    owned_by: id.startsWith('gpt-') || id.startsWith('dall-e') ? 'system' : 'openai',
  });
  if (pathname === '/v1/models') return out.json(200, { object: 'list', data: models.map(describe) });
  const id = decodeURIComponent(pathname.slice('/v1/models/'.length));
  if (models.includes(id)) return out.json(200, describe(id));
  out.error(
    404,
    openAIErrorBody(404, `The model '${id}' does not exist`, { param: 'model', code: 'model_not_found' }),
  );
}
