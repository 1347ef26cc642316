import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { RunSlots } from '../../src/engine/limits/run-slots.ts';
import { readTranscriptionForm, type TranscriptionInput } from '../../src/pipeline/endpoints/openai/audio/read-transcription-form.ts';
import type { Exchange } from '../../src/pipeline/exchange.ts';
import { ResponseHead } from '../../src/pipeline/http/response-head.ts';
import { makeWav } from '../../../../test/support/make-wav.ts';

const limits = { bodyLimitBytes: 1 << 20, audioFileLimitBytes: 4 << 20, transcoding: new RunSlots(1, 0, 'tests') };

async function readable(input: TranscriptionInput): Promise<boolean> {
  try {
    for await (const _piece of input.file.upload.read()) {
      // read through
    }
    return true;
  } catch (error) {
    assert.match((error as Error).message, /released/);
    return false;
  }
}

test('the upload is held while the request runs and released when its response has closed', async () => {
  let held: TranscriptionInput | undefined;
  let readableWhileRunning: boolean | undefined;
  const closed = new Promise<void>((resolve) => {
    const server = createServer((request, response) => {
      const exchange: Exchange = { request, response, path: '/v1/audio/transcriptions', requestId: 'r1', startedAt: 0, clientIp: '127.0.0.1', head: new ResponseHead(), upstreamMs: 0 };
      void readTranscriptionForm(exchange, limits, 'transcribe').then(async (input) => {
        held = input;
        readableWhileRunning = await readable(input);
        response.once('close', () => setImmediate(resolve));
        response.end('ok');
      });
    });
    server.listen(0, '127.0.0.1');
    void once(server, 'listening').then(async () => {
      const form = new FormData();
      form.append('model', 'whisper-1');
      form.append('file', new Blob([new Uint8Array(makeWav(2))]), 'speech.wav');
      const answer = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`, { method: 'POST', body: form });
      assert.is(await answer.text(), 'ok');
      server.close();
      server.closeAllConnections();
    });
  });
  await closed;
  assert.ok(held, 'the form was read');
  assert.is(readableWhileRunning, true);
  assert.ok(held!.file.bytes > 60_000);
  assert.is(await readable(held!), false, 'released once the response closed');
});

test.run();
