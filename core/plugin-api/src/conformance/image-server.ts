/** A tiny local server for the http-URL vision check, so a plugin that downloads images can. */
import { startFakeHttpServer } from './testing/start-fake-http-server.ts';

/** A 1x1 PNG. */
export const testPngBase64 =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';

export async function startImageServer(): Promise<{ url: string; close(): Promise<void> }> {
  const png = Buffer.from(testPngBase64, 'base64');
  const server = await startFakeHttpServer((_request, _body, response) => {
    response.writeHead(200, { 'content-type': 'image/png', 'content-length': String(png.length) });
    response.end(png);
  });
  return { url: `${server.origin}/conformance/pixel.png`, close: server.close };
}
