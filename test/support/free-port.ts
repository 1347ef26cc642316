import { createServer } from 'node:net';

// Below Linux's ephemeral range (32768+), so an outgoing connection cannot take the port between
// this check and the server binding it.
const LOW = 20000;
const HIGH = 32767;
const ATTEMPTS = 50;

/** A random TCP port on 127.0.0.1 that was free a moment ago (a server may still race for it). */
export async function freePort(): Promise<number> {
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const port = LOW + Math.floor(Math.random() * (HIGH - LOW + 1));
    if (await canListen(port)) return port;
  }
  return listenAndClose(0);
}

async function canListen(port: number): Promise<boolean> {
  try {
    await listenAndClose(port);
    return true;
  } catch {
    return false;
  }
}

function listenAndClose(port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen({ host: '127.0.0.1', port, exclusive: true }, () => {
      const address = server.address();
      const bound = typeof address === 'object' && address !== null ? address.port : port;
      server.close(() => resolve(bound));
    });
  });
}
