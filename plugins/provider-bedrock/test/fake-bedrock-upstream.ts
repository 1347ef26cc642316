/**
 * A fake Bedrock runtime endpoint speaking the real wire format: Converse (JSON) and ConverseStream
 * (`application/vnd.amazon.eventstream`) on `/model/{modelId}/...`, SigV4 verified by re-computing
 * the signature with the known test secret (or a Bedrock API key as a bearer token), Bedrock's
 * validation rules, and its errors (`x-amzn-ErrorType` header, `{message}` body, `x-amzn-RequestId`).
 */
import { randomUUID } from 'node:crypto';
import {
  assembleFakeUpstream,
  createFakeReplyScript,
  type AssembledFakeUpstream,
  type ScriptedReply,
} from '@conduit/plugin-api/conformance';
import { startFakeHttpServer, type FakeResponse } from './fake/fake-http-server.ts';
import { converseBody, converseStreamItems, errorTypeFor, errorTypeHeader, type MessageReply, type StreamItem } from './fake/bedrock-replies.ts';

export type { StreamItem } from './fake/bedrock-replies.ts';
import { encodeEvent, encodeException } from './fake/encode-event-stream.ts';
import { readConverseRequest } from './fake/read-converse-request.ts';
import { validateClaudeReasoning } from './fake/validate-claude-reasoning.ts';
import { validateConverseRequest } from './fake/validate-converse-request.ts';
import { verifyAuthentication, type AwsTestCredentials } from './fake/verify-sigv4.ts';

export const fakeBedrockRegion = 'us-east-1';
export const fakeBedrockCredentials: AwsTestCredentials = {
  accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
};
export const fakeBedrockApiKey = 'ABSKQmVkcm9ja0FQSUtleS1mYWtlLWtleS0wMTIzNDU2Nzg5';

/** Bedrock-only scripted answers beyond the neutral ones. */
export type BedrockScriptedReply =
  | Exclude<ScriptedReply, { type: 'message' }>
  /** The kit's message, with the reasoning Claude answers first when asked to think (`thinking`). */
  | ({ type: 'message' } & MessageReply)
  /** A non-2xx answer with a chosen exception type, e.g. `ModelNotReadyException`. */
  | { type: 'aws-error'; status: number; errorType: string; message: string }
  /** A stream that fails with a chosen `:exception-type`, e.g. `throttlingException`. */
  | { type: 'stream-exception'; exceptionType: string; message: string; textBefore: string }
  /**
   * Exactly these ConverseStream events (stream requests), for what scripted messages never hold:
   * reasoning blocks, tools without input, a stream cut before `messageStop`.
   */
  | { type: 'events'; items: StreamItem[] }
  /** Exactly this Converse response body (non-stream requests). */
  | { type: 'converse'; body: Record<string, unknown> };

export type BedrockFakeUpstream = AssembledFakeUpstream<BedrockScriptedReply>;

export interface BedrockFakeOptions {
  /** Temporary credentials: the fake then requires this `x-amz-security-token`. */
  sessionToken?: string;
}

const defaultReply: MessageReply = { text: 'Hello from the fake Bedrock.', finish: 'stop', usage: { input: 11, output: 7 } };
const routePattern = /^\/model\/([^/]+)\/(converse|converse-stream)$/;

export async function startBedrockFakeUpstream(options: BedrockFakeOptions = {}): Promise<BedrockFakeUpstream> {
  const credentials: AwsTestCredentials = { ...fakeBedrockCredentials, sessionToken: options.sessionToken };
  const script = createFakeReplyScript<BedrockScriptedReply>('the fake Bedrock upstream');

  const server = await startFakeHttpServer((request, raw, response) => {
    const requestId = randomUUID();
    const sendJson = (status: number, body: unknown, extra: Record<string, string> = {}): void => {
      response.writeHead(status, { 'content-type': 'application/json', 'x-amzn-requestid': requestId, ...extra });
      response.end(JSON.stringify(body));
    };
    const sendError = (status: number, type: string, message: string, field: 'message' | 'Message' = 'message', extra: Record<string, string> = {}): void =>
      sendJson(status, { [field]: message }, { 'x-amzn-errortype': errorTypeHeader(type), ...extra });

    const failure = verifyAuthentication(request, raw, { region: fakeBedrockRegion, service: 'bedrock', credentials, apiKey: fakeBedrockApiKey });
    if (failure) return sendError(failure.status, failure.type, failure.message, failure.field);

    const [pathname = '/', search = ''] = (request.url ?? '/').split('?');
    const route = routePattern.exec(pathname);
    if (!route || request.method !== 'POST') return sendError(404, 'UnknownOperationException', 'Unknown operation');
    const model = decodeURIComponent(route[1]!);
    const stream = route[2] === 'converse-stream';

    let body: Record<string, unknown>;
    try {
      body = JSON.parse(raw.toString('utf8')) as Record<string, unknown>;
    } catch {
      return sendError(400, 'SerializationException', 'Could not parse the request body as JSON');
    }
    // Recorded before the model's own checks, so a test can see what a refused request carried.
    const invalid = validateConverseRequest(body);
    if (invalid) return sendError(400, 'ValidationException', invalid);
    script.record(readConverseRequest(`${pathname}${search ? `?${search}` : ''}`, request.headers, body, model, stream));
    const refused = model.includes('anthropic.claude') ? validateClaudeReasoning(body, model) : undefined;
    if (refused) return sendError(400, 'ValidationException', refused);

    const reply = script.next() ?? { type: 'message', ...defaultReply };
    switch (reply.type) {
      case 'hang':
        return;
      case 'http-error': {
        const extra: Record<string, string> = reply.retryAfterSeconds === undefined ? {} : { 'retry-after': String(reply.retryAfterSeconds) };
        return sendError(reply.status, errorTypeFor(reply.status), reply.message, 'message', extra);
      }
      case 'aws-error':
        return sendError(reply.status, reply.errorType, reply.message);
      case 'embeddings':
        return sendError(400, 'ValidationException', 'The fake Bedrock upstream serves Converse only; embeddings go through InvokeModel.');
      case 'stream-error':
      case 'stream-exception': {
        const exceptionType = reply.type === 'stream-exception' ? reply.exceptionType : 'internalServerException';
        if (!stream) return sendError(500, 'InternalServerException', reply.message);
        const items: StreamItem[] = [{ event: 'messageStart', payload: { role: 'assistant' } }];
        if (reply.textBefore) items.push({ event: 'contentBlockDelta', payload: { contentBlockIndex: 0, delta: { text: reply.textBefore } } });
        items.push({ exception: exceptionType, payload: { message: reply.message } });
        return writeEventStream(response, requestId, items);
      }
      case 'message':
        if (stream) return writeEventStream(response, requestId, converseStreamItems(reply));
        return sendJson(200, converseBody(reply));
      case 'events':
        if (!stream) return sendError(500, 'InternalServerException', 'fake: ConverseStream events were queued for a Converse request');
        return writeEventStream(response, requestId, reply.items);
      case 'converse':
        if (stream) return sendError(500, 'InternalServerException', 'fake: a Converse body was queued for a ConverseStream request');
        return sendJson(200, reply.body);
    }
  });

  return assembleFakeUpstream({
    provider: {
      baseUrl: server.origin,
      credentials: { accessKeyId: credentials.accessKeyId, secretAccessKey: credentials.secretAccessKey, ...(options.sessionToken ? { sessionToken: options.sessionToken } : {}) },
      options: { region: fakeBedrockRegion },
    },
    script,
    server,
  });
}

function writeEventStream(response: FakeResponse, requestId: string, items: StreamItem[]): void {
  response.writeHead(200, { 'content-type': 'application/vnd.amazon.eventstream', 'x-amzn-requestid': requestId });
  for (const item of items) {
    response.write('event' in item ? encodeEvent(item.event, item.payload) : encodeException(item.exception, item.payload));
  }
  response.end();
}
