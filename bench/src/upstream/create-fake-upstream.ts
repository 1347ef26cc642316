/**
 * A minimal, fast fake of OpenAI's chat completions endpoint for benchmarks: precomputed bodies,
 * no scripting, no validation beyond finding the model and the stream flags. The model name picks
 * the behaviour (see bench-models.ts); unknown models behave like `bench-zero`.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { benchModels, streamPaceMs, upstreamDelayMs } from '../bench-models.ts';
import { buildUpstreamBodies, type UpstreamBodies } from './build-upstream-bodies.ts';

const jsonHeaders = { 'content-type': 'application/json', 'openai-processing-ms': '1', 'x-request-id': 'req_bench' };
const sseHeaders = { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', 'x-request-id': 'req_bench' };

export function createFakeUpstream(): Server {
  const bodies = new Map<string, UpstreamBodies>(Object.values(benchModels).map((model) => [model, buildUpstreamBodies(model)]));
  const fallback = bodies.get(benchModels.zero)!;
  const modelList = Buffer.from(
    JSON.stringify({ object: 'list', data: Object.values(benchModels).map((id) => ({ id, object: 'model', created: 1_732_600_000, owned_by: 'bench' })) }),
  );

  const server = createServer({ keepAliveTimeout: 120_000, requestTimeout: 0 }, (request, response) => {
    if (request.method === 'GET' && request.url?.startsWith('/v1/models')) {
      response.writeHead(200, { ...jsonHeaders, 'content-length': modelList.length }).end(modelList);
      return;
    }
    if (request.method !== 'POST' || !request.url?.startsWith('/v1/chat/completions')) {
      const body = JSON.stringify({ error: { message: `Unknown request URL: ${request.method} ${request.url}`, type: 'invalid_request_error', param: null, code: 'unknown_url' } });
      response.writeHead(404, { 'content-type': 'application/json' }).end(body);
      return;
    }
    readBody(request, (text) => {
      const model = modelOf(text);
      const selected = bodies.get(model) ?? fallback;
      const answer = (): void => respond(response, selected, model, text);
      if (model === benchModels.delay20) setTimeout(answer, upstreamDelayMs);
      else answer();
    });
  });
  server.keepAliveTimeout = 120_000;
  return server;
}

function readBody(request: IncomingMessage, done: (text: string) => void): void {
  const chunks: Buffer[] = [];
  request.on('data', (chunk: Buffer) => chunks.push(chunk));
  request.on('end', () => done(chunks.length === 1 ? chunks[0]!.toString('utf8') : Buffer.concat(chunks).toString('utf8')));
}

/** The model name without parsing the whole body: every client here sends compact JSON. */
function modelOf(text: string): string {
  const marker = '"model":"';
  const start = text.indexOf(marker);
  if (start === -1) return '';
  const end = text.indexOf('"', start + marker.length);
  return end === -1 ? '' : text.slice(start + marker.length, end);
}

function respond(response: ServerResponse, bodies: UpstreamBodies, model: string, text: string): void {
  if (!text.includes('"stream":true')) {
    response.writeHead(200, { ...jsonHeaders, 'content-length': bodies.completion.length }).end(bodies.completion);
    return;
  }
  const withUsage = text.includes('"include_usage":true');
  response.writeHead(200, sseHeaders);
  if (model !== benchModels.paced) {
    response.end(withUsage ? bodies.unpacedWithUsage : bodies.unpacedWithoutUsage);
    return;
  }
  writePaced(response, withUsage ? bodies.chunksWithUsage : bodies.chunksWithoutUsage, withUsage ? bodies.usageAndDone : bodies.done);
}

/** One event every streamPaceMs, scheduled against the start so late timers do not add up. */
function writePaced(response: ServerResponse, chunks: readonly Buffer[], tail: Buffer): void {
  const startedAt = performance.now();
  let index = 0;
  let timer: NodeJS.Timeout | undefined;
  response.on('close', () => clearTimeout(timer));
  const next = (): void => {
    if (response.destroyed) return;
    if (index === chunks.length - 1) {
      response.write(chunks[index]!);
      response.end(tail);
      return;
    }
    response.write(chunks[index]!);
    index += 1;
    timer = setTimeout(next, Math.max(0, startedAt + index * streamPaceMs - performance.now()));
  };
  next();
}
