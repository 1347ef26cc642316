/**
 * A fake Azure OpenAI resource speaking the real data-plane wire format: deployment URLs with a
 * required `api-version`, the v1 API, the `api-key` header, Azure's stream annotations, error bodies
 * and headers (`apim-request-id`, `x-ms-region`, `retry-after` / `retry-after-ms`), and the audio
 * deployments' endpoints (fake/serve-azure-audio.ts).
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  assembleFakeUpstream,
  createFakeReplyScript,
  startFakeHttpServer,
  type AssembledFakeUpstream,
  type ScriptedReply,
} from '@conduit/plugin-api/conformance';
import { readOpenAIRequest } from './fake/read-openai-request.ts';
import {
  annotationChunk,
  azureErrorBody,
  chatCompletionBody,
  chatStreamChunks,
  contentFilterErrorBody,
  invalidKeyMessage,
  textChunk,
  type MessageReply,
} from './fake/azure-reply-bodies.ts';
import { completionBody, completionStreamChunks, embeddingsBody, imagesBody } from './fake/azure-other-bodies.ts';
import { serveAzureAudio, type AzureAudioOperation } from './fake/serve-azure-audio.ts';

export const fakeAzureApiKey = 'azure-test-key-0123456789';
export const fakeAzureApiVersion = '2024-10-21';

/** Azure-only scripted answers beyond the neutral ones. */
export type AzureScriptedReply =
  | ScriptedReply
  | { type: 'content-filter-error' }
  /**
   * Exactly these stream events (chat or completions), each a `data:` event, then `data: [DONE]`
   * unless `done` is false: for what scripted messages never hold, such as a stream cut short.
   */
  | { type: 'events'; events: unknown[]; done: boolean };

export type AzureFakeUpstream = AssembledFakeUpstream<AzureScriptedReply>;

const defaultReply: MessageReply = { text: 'Hello from the fake Azure OpenAI.', finish: 'stop', usage: { input: 9, output: 8 } };
const apiVersionPattern = /^\d{4}-\d{2}-\d{2}(-preview)?$|^preview$|^latest$/;
const routePattern = /^\/openai\/(?:deployments\/([^/]+)\/|(v1)\/)?(chat\/completions|completions|embeddings|images\/generations|models|audio\/(?:transcriptions|translations|speech))$/;

export async function startAzureOpenAIFakeUpstream(): Promise<AzureFakeUpstream> {
  const script = createFakeReplyScript<AzureScriptedReply>('the fake Azure OpenAI upstream');

  const server = await startFakeHttpServer(async (request, raw, response) => {
    const url = new URL(request.url ?? '/', 'http://fake');
    const commonHeaders = {
      'apim-request-id': randomUUID(),
      'x-request-id': randomUUID(),
      'x-ms-region': 'East US',
    };
    const sendJson = (status: number, body: unknown, extra: Record<string, string> = {}): void => {
      response.writeHead(status, { 'content-type': 'application/json', ...commonHeaders, ...extra });
      response.end(JSON.stringify(body));
    };
    const route = routePattern.exec(url.pathname);
    if (!route) return sendJson(404, azureErrorBody(404, 'Resource not found'));
    if (!authenticated(request)) return sendJson(401, azureErrorBody(401, invalidKeyMessage));
    const [, deployment, v1, endpoint] = route;
    const apiVersion = url.searchParams.get('api-version');
    if (!v1) {
      if (apiVersion === null) return sendJson(404, azureErrorBody(404, 'Resource not found'));
      if (!apiVersionPattern.test(apiVersion)) {
        return sendJson(400, { error: { code: 'BadRequest', message: 'API version not supported' } });
      }
    }
    if (endpoint === 'models') {
      if (request.method !== 'GET') return sendJson(405, { error: { code: '405', message: 'Method not allowed' } });
      return sendJson(200, modelList(Boolean(v1)));
    }
    if (request.method !== 'POST') return sendJson(405, { error: { code: '405', message: 'Method not allowed' } });
    if (!v1 && !deployment) return sendJson(404, azureErrorBody(404, 'Resource not found'));
    if (endpoint!.startsWith('audio/')) return audio(endpoint!.slice('audio/'.length) as AzureAudioOperation, deployment, request, raw, response, sendJson);

    let body: Record<string, unknown>;
    try {
      body = JSON.parse(raw.toString('utf8')) as Record<string, unknown>;
    } catch {
      return sendJson(400, azureErrorBody(400, 'We could not parse the JSON body of your request.'));
    }
    const model = deployment ? decodeURIComponent(deployment) : String(body.model ?? '');
    script.record(readOpenAIRequest(`${url.pathname}${url.search}`, request.headers, body, deployment ? model : undefined));
    const reply = script.next() ?? { type: 'message', ...defaultReply };
    const stream = body.stream === true;
    const includeUsage = (body.stream_options as { include_usage?: boolean } | undefined)?.include_usage === true;
    const shape = { id: `chatcmpl-${randomUUID().replaceAll('-', '').slice(0, 29)}`, created: Math.floor(Date.now() / 1000), model, includeUsage };

    switch (reply.type) {
      case 'hang':
        return;
      case 'http-error': {
        const extra: Record<string, string> = {};
        if (reply.retryAfterSeconds !== undefined) {
          extra['retry-after'] = String(reply.retryAfterSeconds);
          extra['retry-after-ms'] = String(reply.retryAfterSeconds * 1000);
        }
        return sendJson(reply.status, azureErrorBody(reply.status, reply.message), extra);
      }
      case 'content-filter-error':
        return sendJson(400, contentFilterErrorBody());
      case 'embeddings':
        return sendJson(200, embeddingsBody(body, reply.dimensions, reply.usage.input, model));
      case 'stream-error': {
        if (!stream) return sendJson(500, azureErrorBody(500, reply.message));
        const events: unknown[] = [annotationChunk()];
        if (reply.textBefore !== '') events.push(textChunk(reply.textBefore, shape, true));
        events.push({ error: { message: reply.message, type: 'server_error', param: null, code: null } });
        return writeStream(response, commonHeaders, events, false);
      }
      case 'events':
        if (!stream) return sendJson(500, azureErrorBody(500, 'fake: stream events were queued for a non-stream request'));
        return writeStream(response, commonHeaders, reply.events, reply.done);
      case 'message':
        break;
    }
    if (endpoint === 'embeddings') return sendJson(200, embeddingsBody(body, 8, 4, model));
    if (endpoint === 'images/generations') return sendJson(200, imagesBody(body));
    if (endpoint === 'completions') {
      if (stream) return writeStream(response, commonHeaders, completionStreamChunks(reply, shape), true);
      return sendJson(200, completionBody(reply, shape));
    }
    if (stream) return writeStream(response, commonHeaders, chatStreamChunks(reply, shape), true);
    return sendJson(200, chatCompletionBody(reply, shape.id, shape.created, model));
  });

  /** Audio endpoints: the script's failures first, then the audio deployment's answer. */
  async function audio(
    operation: AzureAudioOperation,
    deployment: string | undefined,
    request: IncomingMessage,
    raw: Buffer,
    response: ServerResponse,
    sendJson: (status: number, body: unknown, extra?: Record<string, string>) => void,
  ): Promise<void> {
    const isJson = operation === 'speech';
    let body: unknown = { bytes: raw.length };
    if (isJson) {
      try {
        body = JSON.parse(raw.toString('utf8'));
      } catch {
        body = undefined;
      }
    }
    const model = deployment ? decodeURIComponent(deployment) : isJson ? String((body as { model?: unknown } | undefined)?.model ?? '') : '';
    script.record({ path: request.url ?? '', headers: request.headers, body, model, stream: false, messages: [] });
    const reply = script.next();
    if (reply?.type === 'hang') return;
    if (reply?.type === 'http-error') {
      const extra: Record<string, string> = reply.retryAfterSeconds === undefined ? {} : { 'retry-after': String(reply.retryAfterSeconds) };
      return sendJson(reply.status, azureErrorBody(reply.status, reply.message), extra);
    }
    const common = { 'apim-request-id': randomUUID(), 'x-ms-region': 'East US' };
    return serveAzureAudio(operation, model, request.headers, raw, response, common, (status, answer) => sendJson(status, answer));
  }

  return assembleFakeUpstream({
    provider: { baseUrl: server.origin, credentials: { apiKey: fakeAzureApiKey }, options: { apiVersion: fakeAzureApiVersion } },
    script,
    server,
  });
}

function authenticated(request: IncomingMessage): boolean {
  if (request.headers['api-key'] === fakeAzureApiKey) return true;
  return request.headers.authorization === `Bearer ${fakeAzureApiKey}`;
}

function writeStream(response: ServerResponse, headers: Record<string, string>, events: unknown[], done: boolean): void {
  response.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', ...headers });
  for (const event of events) response.write(`data: ${JSON.stringify(event)}\n\n`);
  if (done) response.write('data: [DONE]\n\n');
  response.end();
}

function modelList(v1: boolean): unknown {
  const capabilities = { fine_tune: false, inference: true, completion: false, chat_completion: true, embeddings: false };
  const models = [
    { id: 'gpt-4o-2024-08-06', capabilities },
    { id: 'text-embedding-3-small', capabilities: { ...capabilities, chat_completion: false, embeddings: true } },
  ];
  return {
    data: models.map((model) =>
      v1
        ? { id: model.id, object: 'model', created: 1722902400, owned_by: 'system' }
        : { status: 'succeeded', ...model, lifecycle_status: 'generally-available', deprecation: { inference: 1777507200 }, created_at: 1722902400, object: 'model' },
    ),
    object: 'list',
  };
}
