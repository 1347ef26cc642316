/**
 * The floor: a bare Node.js `http` pass-through proxy. No parsing, no auth, no logging: request and
 * response are piped, upstream sockets kept alive. What any Node.js gateway costs at the least.
 */
import { Agent, createServer, request as httpRequest, type IncomingHttpHeaders, type Server } from 'node:http';

const hopByHop = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'te', 'trailer', 'upgrade', 'host']);

function forwardable(headers: IncomingHttpHeaders): IncomingHttpHeaders {
  const out: IncomingHttpHeaders = {};
  for (const name in headers) if (!hopByHop.has(name)) out[name] = headers[name];
  return out;
}

export function createFloorProxy(upstream: { host: string; port: number }): Server {
  const agent = new Agent({ keepAlive: true, maxSockets: Infinity, maxFreeSockets: 1024 });
  const server = createServer({ keepAliveTimeout: 65_000, requestTimeout: 0 }, (request, response) => {
    const outgoing = httpRequest(
      { host: upstream.host, port: upstream.port, method: request.method, path: request.url, headers: forwardable(request.headers), agent },
      (answer) => {
        response.writeHead(answer.statusCode ?? 502, forwardable(answer.headers));
        answer.pipe(response);
      },
    );
    outgoing.on('error', () => {
      if (!response.headersSent) response.writeHead(502, { 'content-type': 'application/json' });
      response.end();
    });
    response.on('close', () => {
      if (!response.writableFinished) outgoing.destroy();
    });
    request.pipe(outgoing);
  });
  server.keepAliveTimeout = 65_000;
  return server;
}
