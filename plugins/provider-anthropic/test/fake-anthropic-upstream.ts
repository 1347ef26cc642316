/**
 * A fake Anthropic API speaking the real wire format: `POST /v1/messages` (JSON or SSE with named
 * events), `GET /v1/models`, authentication by `x-api-key` (or `Authorization: Bearer`, which the
 * SDKs for API version 2026-10-21 send), a required `anthropic-version`, Anthropic's error bodies
 * and headers (`request-id`, `retry-after`, `anthropic-ratelimit-*`), and the in-stream `error` event.
 * The base URL is the host without `/v1`, as Anthropic's SDKs expect.
 *
 * Anthropic's streams always report usage (in message_start and message_delta), so a scripted
 * `omitStreamUsage` is ignored: leaving it out would not be the real format.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import {
  assembleFakeUpstream,
  createFakeReplyScript,
  startFakeHttpServer,
  type AssembledFakeUpstream,
} from '@conduit/plugin-api/conformance';
import { requestId } from './fake/anthropic-ids.ts';
import {
  errorBody,
  errorTypeForStatus,
  formatEvent,
  messageBody,
  messageStreamEvents,
  streamErrorEvents,
  type AnthropicScriptedReply,
  type MessageReply,
  type StreamEvent,
} from './fake/anthropic-reply-bodies.ts';
import { readAnthropicRequest } from './fake/read-anthropic-request.ts';
import { knownApiVersions, validateAnthropicRequest } from './fake/validate-anthropic-request.ts';

export const fakeAnthropicApiKey = 'sk-ant-api03-fake-test-key-0123456789';

const organizationId = randomUUID();
const defaultReply: MessageReply = {
  type: 'message',
  text: 'Hello from the fake Anthropic API.',
  finish: 'stop',
  usage: { input: 12, output: 9 },
};

export async function startAnthropicFakeUpstream(): Promise<AssembledFakeUpstream<AnthropicScriptedReply>> {
  const script = createFakeReplyScript<AnthropicScriptedReply>('the fake Anthropic upstream');
  const server = await startFakeHttpServer((request, raw, response) => {
    const url = new URL(request.url ?? '/', 'http://fake');
    const headers: Record<string, string> = { 'request-id': requestId(), 'anthropic-organization-id': organizationId };
    const sendJson = (status: number, body: unknown, extra: Record<string, string> = {}): void => {
      response.writeHead(status, { 'content-type': 'application/json', ...headers, ...extra });
      response.end(JSON.stringify(body));
    };
    const sendError = (status: number, message: string, extra: Record<string, string> = {}): void =>
      sendJson(status, errorBody(errorTypeForStatus(status), message), extra);

    const route = `${request.method} ${url.pathname}`;
    if (route !== 'POST /v1/messages' && route !== 'GET /v1/models') return sendError(404, 'Not Found');
    const authError = authenticate(request);
    if (authError) return sendError(401, authError);
    const apiVersion = request.headers['anthropic-version'];
    if (typeof apiVersion !== 'string') return sendError(400, 'anthropic-version: header is required');
    if (!knownApiVersions.has(apiVersion)) return sendError(400, `anthropic-version: invalid version '${apiVersion}'`);
    if (route === 'GET /v1/models') return sendJson(200, modelList());

    let body: Record<string, unknown>;
    try {
      body = JSON.parse(raw.toString('utf8')) as Record<string, unknown>;
    } catch {
      return sendError(400, 'There was an issue with the format or content of your request: the body is not valid JSON.');
    }
    if (!body || typeof body !== 'object' || Array.isArray(body)) return sendError(400, 'The request body must be a JSON object.');
    // Recorded before validation, so a test can see what an invalid request carried.
    script.record(readAnthropicRequest(`${url.pathname}${url.search}`, request.headers, body));
    const invalid = validateAnthropicRequest(body, apiVersion);
    if (invalid) return sendError(400, invalid);

    const model = String(body.model);
    const stream = body.stream === true;
    const reply = script.next() ?? defaultReply;
    switch (reply.type) {
      case 'hang':
        return;
      case 'http-error': {
        const extra: Record<string, string> = {};
        if (reply.retryAfterSeconds !== undefined) extra['retry-after'] = String(reply.retryAfterSeconds);
        if (reply.status === 429) Object.assign(extra, rateLimitHeaders(reply.retryAfterSeconds ?? 0));
        return sendError(reply.status, reply.message, extra);
      }
      case 'stream-error':
        if (!stream) return sendError(500, reply.message);
        return writeEvents(response, headers, streamErrorEvents(reply.textBefore, reply.message, model));
      case 'embeddings':
        return sendError(404, 'Anthropic does not serve embeddings.');
      case 'message':
        if (stream) return writeEvents(response, headers, messageStreamEvents(reply, model));
        return sendJson(200, messageBody(reply, model));
    }
  });

  return assembleFakeUpstream<AnthropicScriptedReply>({
    provider: { baseUrl: server.origin, credentials: { apiKey: fakeAnthropicApiKey }, options: {} },
    script,
    server,
  });
}

/** Anthropic reads `x-api-key` first, then a Bearer token. */
function authenticate(request: IncomingMessage): string | undefined {
  const apiKey = request.headers['x-api-key'];
  if (typeof apiKey === 'string') return apiKey === fakeAnthropicApiKey ? undefined : 'invalid x-api-key';
  const authorization = request.headers.authorization;
  if (typeof authorization === 'string') {
    return authorization === `Bearer ${fakeAnthropicApiKey}` ? undefined : 'Invalid bearer token';
  }
  return 'x-api-key header is required';
}

function rateLimitHeaders(retryAfterSeconds: number): Record<string, string> {
  const reset = new Date(Date.now() + retryAfterSeconds * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
  return {
    'anthropic-ratelimit-requests-limit': '50',
    'anthropic-ratelimit-requests-remaining': '0',
    'anthropic-ratelimit-requests-reset': reset,
  };
}

/** Writes the stream one event at a time, each in its own `write`. */
function writeEvents(response: ServerResponse, headers: Record<string, string>, events: StreamEvent[]): void {
  response.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache',
    connection: 'keep-alive',
    ...headers,
  });
  response.flushHeaders();
  for (const event of events) response.write(formatEvent(event));
  response.end();
}

function modelList(): Record<string, unknown> {
  const supported = { supported: true };
  const data = [
    { id: 'claude-sonnet-4-5-20250929', display_name: 'Claude Sonnet 4.5', created_at: '2025-09-29T00:00:00Z', structured: true },
    { id: 'claude-3-5-haiku-20241022', display_name: 'Claude Haiku 3.5', created_at: '2024-10-22T00:00:00Z', structured: false },
  ].map(({ structured, ...model }) => ({
    type: 'model',
    ...model,
    max_input_tokens: 200000,
    max_tokens: structured ? 64000 : 8192,
    capabilities: { image_input: supported, structured_outputs: { supported: structured } },
  }));
  return { data, has_more: false, first_id: data[0].id, last_id: data.at(-1)?.id ?? null };
}
