/** A tiny local server for the http-URL vision check, so a plugin that downloads images can. */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A 1x1 PNG. */
export const testPngBase64 =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';

export async function startImageServer(): Promise<{ url: string; close(): Promise<void> }> {
  const png = Buffer.from(testPngBase64, 'base64');
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'image/png', 'content-length': String(png.length) });
    res.end(png);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/conformance/pixel.png`,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
