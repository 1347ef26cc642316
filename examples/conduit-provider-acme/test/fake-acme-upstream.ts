/**
 * A fake Acme AI API on 127.0.0.1, speaking Acme's wire format: `POST /v2/generate` answering JSON or
 * an NDJSON stream, Bearer authentication, the `Acme-Region` check, `{ "failure": … }` error bodies
 * with `Retry-After`, and in-stream `error` events. It implements the conformance kit's
 * ConformanceFakeUpstream, so the same fake serves the kit, the plugin's tests and end-to-end tests of
 * a gateway.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ConformanceFakeUpstream, ObservedRequest, ScriptedReply } from '@conduit/plugin-api/conformance';
import type { AcmeRegion } from '../src/acme-plugin-options.ts';
import type { AcmeStreamEvent } from '../src/acme-api.ts';
import { failureBody, generationBody, streamErrorEvents, streamEvents } from './fake-acme/acme-replies.ts';
import { readAcmeRequest } from './fake-acme/read-acme-request.ts';

export interface AcmeFakeUpstream extends ConformanceFakeUpstream {
  /** `http://127.0.0.1:<port>`, which is also `provider.baseUrl` (Acme's base URL has no version). */
  readonly origin: string;
  readonly apiKey: string;
  /** The region this endpoint serves; a request for another region gets Acme's 421. */
  readonly region: AcmeRegion;
}

export const defaultAcmeFakeApiKey = 'acme-sk-fake-0123456789abcdef';

const defaultReply: ScriptedReply = { type: 'message', text: 'Hello from the fake Acme AI.', finish: 'stop', usage: { input: 10, output: 7 } };

export async function startAcmeFakeUpstream(options: { apiKey?: string; region?: AcmeRegion } = {}): Promise<AcmeFakeUpstream> {
  const apiKey = options.apiKey ?? defaultAcmeFakeApiKey;
  const region = options.region ?? 'us';
  const queue: ScriptedReply[] = [];
  const observed: ObservedRequest[] = [];
  const closedSignals: Array<Promise<void>> = [];

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const traceId = `tr_${randomUUID().replaceAll('-', '')}`;
    res.setHeader('acme-trace-id', traceId);
    closedSignals.push(
      new Promise((resolve) => {
        res.once('close', () => {
          if (!res.writableFinished) resolve();
        });
      }),
    );
    const fail = (status: number, detail: string, headers: Record<string, string> = {}, reason?: string): void => {
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify(failureBody(status, detail, traceId, reason)));
    };

    const text = await readBody(req);
    let body: unknown;
    try {
      body = text === '' ? undefined : JSON.parse(text);
    } catch {
      body = undefined;
    }
    const path = req.url ?? '/';
    observed.push(readAcmeRequest(path, req.headers, body));

    const presented = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
    if (presented !== apiKey) return fail(401, 'The API key is missing or not valid.');
    const requestedRegion = firstValue(req.headers['acme-region']) ?? 'us';
    if (requestedRegion !== region) {
      return fail(421, `This endpoint serves region "${region}"; the request asked for "${requestedRegion}".`, {}, 'wrong_region');
    }
    if (req.method !== 'POST' || path.split('?')[0] !== '/v2/generate') return fail(404, `No route ${req.method} ${path}.`);
    const request = (body ?? {}) as { model?: unknown; prompt_messages?: unknown; stream?: unknown };
    if (typeof request.model !== 'string') return fail(400, 'model is required.');
    if (!Array.isArray(request.prompt_messages) || request.prompt_messages.length === 0) {
      return fail(400, 'prompt_messages must be a non-empty list.');
    }

    const reply = queue.shift() ?? defaultReply;
    const id = `gen_${randomUUID().replaceAll('-', '').slice(0, 24)}`;
    const stream = request.stream === true;
    switch (reply.type) {
      case 'message':
        if (stream) return writeStream(res, streamEvents(reply, request.model, id));
        res.writeHead(200, { 'content-type': 'application/json' });
        return void res.end(JSON.stringify(generationBody(reply, request.model, id)));
      case 'http-error': {
        const headers: Record<string, string> = {};
        if (reply.retryAfterSeconds !== undefined) headers['retry-after'] = String(Math.ceil(reply.retryAfterSeconds));
        return fail(reply.status, reply.message, headers);
      }
      case 'stream-error':
        if (stream) return writeStream(res, streamErrorEvents(reply.textBefore, reply.message, request.model, id));
        return fail(500, reply.message);
      case 'hang':
        return; // the answer never comes; close() or the client ends it
      case 'embeddings':
        return fail(404, 'Acme AI has no embeddings endpoint.');
    }
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (res.headersSent) res.destroy();
      else {
        res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify(failureBody(500, `fake: ${String(error)}`, 'tr_fake')));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    origin,
    apiKey,
    region,
    provider: { baseUrl: origin, credentials: { apiKey }, options: {} },
    enqueue(reply) {
      queue.push(reply);
    },
    lastRequest() {
      const last = observed.at(-1);
      if (!last) throw new Error('The fake Acme upstream has not received any request');
      return last;
    },
    requests() {
      return [...observed];
    },
    clientClosed() {
      return closedSignals.at(-1) ?? Promise.reject(new Error('The fake Acme upstream has not received any request'));
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function writeStream(res: ServerResponse, events: AcmeStreamEvent[]): void {
  res.writeHead(200, { 'content-type': 'application/x-ndjson', 'cache-control': 'no-cache' });
  for (const event of events) res.write(`${JSON.stringify(event)}\n`);
  res.end();
}

async function readBody(req: IncomingMessage): Promise<string> {
  const pieces: Buffer[] = [];
  for await (const piece of req) pieces.push(piece as Buffer);
  return Buffer.concat(pieces).toString('utf8');
}

function firstValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
