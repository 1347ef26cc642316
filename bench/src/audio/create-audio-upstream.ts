/**
 * The fake speech and transcription upstream of the audio bench, in OpenAI's wire format:
 * - `POST /v1/audio/speech`: the first 4 KB of "audio" as soon as the JSON body is read, then four
 *   more pieces 10 ms apart (a synthesiser streaming as it goes), as chunked `audio/mpeg`;
 * - `POST /v1/audio/transcriptions`: reads the whole multipart upload as it arrives, keeping only
 *   its size, then answers `{"text", "usage": {"type": "duration"}}`;
 * - `GET /v1/models`: a one-model list (health probes).
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';

export const speechPieceBytes = 4096;
export const speechPieces = 5;
export const speechPaceMs = 10;

const piece = Buffer.alloc(speechPieceBytes, 0x55);
piece.write('ID3', 0);

export function createAudioUpstream(): Server {
  return createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0];
    if (request.method === 'GET' && path === '/v1/models') {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end('{"object":"list","data":[{"id":"tts-1","object":"model","created":0,"owned_by":"bench"}]}');
      return;
    }
    if (request.method === 'POST' && path === '/v1/audio/speech') {
      void readSmallBody(request).then(() => {
        response.writeHead(200, { 'content-type': 'audio/mpeg', 'transfer-encoding': 'chunked' });
        response.write(piece);
        let sent = 1;
        const timer = setInterval(() => {
          if (response.destroyed) return clearInterval(timer);
          response.write(piece);
          if (++sent === speechPieces) {
            clearInterval(timer);
            response.end();
          }
        }, speechPaceMs);
      });
      return;
    }
    if (request.method === 'POST' && (path === '/v1/audio/transcriptions' || path === '/v1/audio/translations')) {
      let bytes = 0;
      request.on('data', (chunk: Buffer) => {
        bytes += chunk.length;
      });
      request.on('end', () => {
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ text: `Received ${bytes} bytes.`, usage: { type: 'duration', seconds: 1 } }));
      });
      return;
    }
    response.writeHead(404, { 'content-type': 'application/json' });
    response.end('{"error":{"message":"not found","type":"invalid_request_error","param":null,"code":null}}');
  });
}

function readSmallBody(request: IncomingMessage): Promise<void> {
  return new Promise((resolve) => {
    request.resume();
    request.on('end', resolve);
    request.on('error', () => resolve());
  });
}
