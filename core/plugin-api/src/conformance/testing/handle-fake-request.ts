/**
 * Reads a fake upstream's request body whole, then runs the fake's handler. A handler that throws
 * answers 500 (or cuts the connection when its answer had begun), so a broken fake fails the test
 * that hit it instead of leaving the client waiting.
 */
import type { Readable } from 'node:stream';

/** What the failure answer needs of a response; node:http's and node:http2's compat responses fit. */
export interface FailableResponse {
  readonly headersSent: boolean;
  writeHead(status: number, headers: Record<string, string>): unknown;
  end(body: string): unknown;
  destroy(): unknown;
}

/** A fake's request handler: the request, its whole body, the response to write. */
export type FakeRequestHandler<Request, Response> = (request: Request, body: Buffer, response: Response) => Promise<void> | void;

export interface FakeFailureOptions {
  /**
   * The JSON body of the 500 a throwing handler answers, in the provider's error format, given a
   * message naming the failure. Default: that message as text/plain.
   */
  failureBody?: (message: string) => unknown;
}

export function handleFakeRequest<Request extends Readable, Response extends FailableResponse>(
  request: Request,
  response: Response,
  handler: FakeRequestHandler<Request, Response>,
  options: FakeFailureOptions = {},
): void {
  const pieces: Buffer[] = [];
  request.on('data', (piece: Buffer) => pieces.push(piece));
  request.on('end', () => {
    Promise.resolve()
      .then(() => handler(request, Buffer.concat(pieces), response))
      .catch((error: unknown) => {
        if (response.headersSent) return void response.destroy();
        const message = `fake upstream failed: ${String(error)}`;
        if (!options.failureBody) {
          response.writeHead(500, { 'content-type': 'text/plain' });
          return void response.end(message);
        }
        response.writeHead(500, { 'content-type': 'application/json' });
        response.end(JSON.stringify(options.failureBody(message)));
      });
  });
}
