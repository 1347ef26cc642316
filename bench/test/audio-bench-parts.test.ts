/**
 * The audio bench's parts that need no gateway: its arguments, the upload it sends (read back with
 * busboy, as a server would), the fake audio upstream (speech streams in paced pieces, uploads are
 * read whole), the first-byte measurement against that upstream, and the verdicts it prints.
 */
import { Readable } from 'node:stream';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import busboy from 'busboy';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createAudioUpstream, speechPaceMs, speechPieceBytes, speechPieces } from '../src/audio/create-audio-upstream.ts';
import type { AudioBenchRun } from '../src/audio/audio-bench.ts';
import { formatAudioBench } from '../src/audio/format-audio-bench.ts';
import { benchWav, multipartUpload } from '../src/audio/multipart-upload.ts';
import { measureSpeechFirstByte } from '../src/audio/speech-first-byte.ts';
import { parseBenchArgs } from '../src/parse-bench-args.ts';

const benchRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

test('--audio selects the audio figures, 200 samples and 20 uploads of 25 MB unless told otherwise', () => {
  assert.is(parseBenchArgs([], benchRoot).audio, undefined);
  assert.equal(parseBenchArgs(['--audio'], benchRoot).audio, { samples: 200, uploads: 20, uploadBytes: 25_000_000 });
  assert.equal(parseBenchArgs(['--audio', '--audio-samples', '10', '--audio-uploads', '2', '--audio-upload-mb', '3'], benchRoot).audio, {
    samples: 10,
    uploads: 2,
    uploadBytes: 3_000_000,
  });
  assert.throws(() => parseBenchArgs(['--audio', '--audio-uploads', '0'], benchRoot), /positive integer/);
});

test('the upload is a multipart form a server reads back: the WAV file first, then model and response_format', async () => {
  const wav = benchWav(100_000);
  assert.is(wav.length, 100_000);
  assert.is(wav.toString('latin1', 0, 4), 'RIFF');
  assert.is(wav.readUInt32LE(40), 100_000 - 44);
  const upload = multipartUpload(wav, 'bench.wav', { model: 'bench-whisper', response_format: 'json' });
  const body = Buffer.concat(upload.pieces);
  assert.is(body.length, upload.bytes);
  const seen: string[] = [];
  const fields: Record<string, string> = {};
  let fileBytes = 0;
  await new Promise<void>((resolve, reject) => {
    const parser = busboy({ headers: { 'content-type': upload.contentType } });
    parser.on('file', (name, stream, info) => {
      seen.push(name);
      assert.is(info.filename, 'bench.wav');
      assert.is(info.mimeType, 'application/octet-stream');
      stream.on('data', (chunk: Buffer) => (fileBytes += chunk.length));
    });
    parser.on('field', (name, value) => {
      seen.push(name);
      fields[name] = value;
    });
    parser.on('close', resolve);
    parser.on('error', reject);
    Readable.from([body]).pipe(parser);
  });
  assert.equal(seen, ['file', 'model', 'response_format']);
  assert.equal(fields, { model: 'bench-whisper', response_format: 'json' });
  assert.is(fileBytes, wav.length);
});

test('the fake upstream streams speech in paced pieces and reads an upload whole; first bytes come long before the last', async () => {
  const server = createAudioUpstream();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    const upload = multipartUpload(benchWav(200_000), 'bench.wav', { model: 'whisper-1' });
    const transcription = await fetch(`${origin}/v1/audio/transcriptions`, { method: 'POST', headers: { 'content-type': upload.contentType }, body: Buffer.concat(upload.pieces) });
    assert.is(transcription.status, 200);
    assert.is(((await transcription.json()) as { text: string }).text, `Received ${upload.bytes} bytes.`);

    const target = { origin, path: '/v1/audio/speech', headers: {}, body: JSON.stringify({ model: 'tts-1', input: 'hi', voice: 'alloy' }) };
    const figures = await measureSpeechFirstByte(target, target, 5, 1);
    assert.is(figures.direct.samples, 5);
    assert.is(figures.direct.errors, 0);
    const streamedFor = (speechPieces - 1) * speechPaceMs;
    assert.ok(figures.direct.lastByteP50Ms - figures.direct.p50Ms >= streamedFor * 0.8, `first byte ${figures.direct.p50Ms} ms, last ${figures.direct.lastByteP50Ms} ms`);
    assert.ok(speechPieceBytes > 0);
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
});

test('the printed figures say whether each target was met', () => {
  const run: AudioBenchRun = {
    mode: 'audio',
    startedAt: '2026-12-05T01:00:00.000Z',
    machine: { cpus: 2, cpuModel: 'test cpu', node: 'v24', platform: 'linux', memoryBytes: 1 } as unknown as AudioBenchRun['machine'],
    git: { commit: 'abc', dirty: false },
    speech: {
      direct: { samples: 200, p50Ms: 1.0, p90Ms: 1.5, p99Ms: 2.0, lastByteP50Ms: 41, errors: 0 },
      gateway: { samples: 200, p50Ms: 2.5, p90Ms: 3.5, p99Ms: 5.0, lastByteP50Ms: 42.5, errors: 0 },
      addedP50Ms: 1.5,
      addedP90Ms: 2.0,
    },
    uploads: {
      uploads: 20,
      fileBytes: 25e6,
      bytesInFlight: 500e6,
      rssBeforeBytes: 100e6,
      rssPeakBytes: 180e6,
      rssAfterBytes: 110e6,
      growthPerByteInFlight: 0.16,
      seconds: 12,
      statuses: { '200': 20 },
    },
  };
  const text = formatAudioBench(run);
  assert.match(text, /Added by the gateway: 1\.50 ms at p50.*met\)/);
  assert.match(text, /\| peak \| 180\.0 \(\+80\.0\) \|/);
  assert.match(text, /Growth 0\.160 x the bytes in flight \(target below 2: met\)/);
  assert.match(text, /back to its level.*: met\)/);
  const worse = formatAudioBench({ ...run, speech: { ...run.speech, addedP50Ms: 3 }, uploads: { ...run.uploads, rssAfterBytes: 170e6, statuses: { '200': 19, '413': 1 } } });
  assert.match(worse, /within 2 ms at p50: NOT met/);
  assert.match(worse, /target below 2: NOT met/);
  assert.match(worse, /back to its level.*NOT met/);
});

test.run();
