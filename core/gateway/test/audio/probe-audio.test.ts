import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { GatewayError } from '../../src/domain/gateway-error.ts';
import { probeAudio, sniffAudioFormat } from '../../src/pipeline/endpoints/openai/audio/probe-audio.ts';
import type { HeldFile } from '../../src/pipeline/http/read-multipart.ts';
import { UploadBuffer } from '../../src/pipeline/http/upload-buffer.ts';
import { makeWav } from '../../../../test/support/make-wav.ts';

const held = (bytes: Buffer, filename = 'audio', pieceSize = 7_000): HeldFile => {
  const upload = new UploadBuffer(undefined, 64 * 1024 * 1024);
  for (let at = 0; at < bytes.length; at += pieceSize) upload.append(bytes.subarray(at, at + pieceSize));
  return { field: 'file', filename, declaredType: 'application/octet-stream', upload, bytes: upload.bytes };
};

const hasFfmpeg = (() => {
  try {
    execFileSync('ffmpeg', ['-version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

test('a WAV file is recognised by its bytes whatever its name, and its duration measured', async () => {
  const probed = await probeAudio(held(makeWav(2.5), 'upload.bin'));
  assert.is(probed.format, 'wav');
  assert.is(probed.contentType, 'audio/wav');
  assert.ok(probed.durationSeconds !== undefined && Math.abs(probed.durationSeconds - 2.5) < 0.01, `duration ${probed.durationSeconds}`);
});

test('an empty file, text named .mp3, and a truncated header are 400s naming the problem', async () => {
  const refusal = async (file: HeldFile): Promise<GatewayError> => {
    try {
      await probeAudio(file);
    } catch (error) {
      assert.instance(error, GatewayError);
      return error as GatewayError;
    }
    throw new Error('expected a refusal');
  };
  assert.match((await refusal(held(Buffer.alloc(0)))).message, /empty/);
  const notAudio = await refusal(held(Buffer.from('just some words, not audio at all'), 'notes.txt'));
  assert.is(notAudio.status, 400);
  assert.is(notAudio.param, 'file');
  assert.match(notAudio.message, /not audio in a supported format/);
  const garbage = await refusal(held(Buffer.from('RIFF\x00\x00\x00\x00WAVEgarbage', 'latin1'), 'x.wav'));
  assert.is(garbage.status, 400);
});

test('the first bytes of each format are recognised', () => {
  assert.is(sniffAudioFormat(Buffer.from('fLaC\x00\x00', 'latin1')), 'flac');
  assert.is(sniffAudioFormat(Buffer.from('OggS\x00\x02', 'latin1')), 'ogg');
  assert.is(sniffAudioFormat(Buffer.from('ID3\x04\x00', 'latin1')), 'mp3');
  assert.is(sniffAudioFormat(Buffer.from([0xff, 0xfb, 0x90, 0x00])), 'mp3');
  assert.is(sniffAudioFormat(Buffer.from([0x1a, 0x45, 0xdf, 0xa3])), 'webm');
  assert.is(sniffAudioFormat(Buffer.from('\x00\x00\x00\x20ftypM4A ', 'latin1')), 'm4a');
  assert.is(sniffAudioFormat(Buffer.from('hello')), undefined);
});

for (const format of ['mp3', 'flac', 'ogg']) {
  test(`a ${format} file made by ffmpeg is measured within a tenth of a second`, async () => {
    if (!hasFfmpeg) {
      if (process.env.CONDUIT_REQUIRE_SERVICES) throw new Error('ffmpeg is required (CONDUIT_REQUIRE_SERVICES is set)');
      console.log(`skipped: ffmpeg is not installed`);
      return;
    }
    // Through a file, as an encoder writes one: a FLAC written to a pipe cannot go back to note its length.
    const directory = mkdtempSync(path.join(tmpdir(), 'probe-'));
    const output = path.join(directory, `tone.${format}`);
    execFileSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-f', 'wav', '-i', 'pipe:0', output], { input: makeWav(3) });
    const encoded = readFileSync(output);
    rmSync(directory, { recursive: true, force: true });
    const probed = await probeAudio(held(encoded, 'upload'));
    assert.is(probed.format, format);
    assert.ok(probed.durationSeconds !== undefined && Math.abs(probed.durationSeconds - 3) < 0.1, `${format} duration ${probed.durationSeconds}`);
    assert.is(probed.maxDurationSeconds, probed.durationSeconds);
  });
}

test('a FLAC streamed without its length is not refused; its duration is bounded by its size', async () => {
  if (!hasFfmpeg) {
    if (process.env.CONDUIT_REQUIRE_SERVICES) throw new Error('ffmpeg is required (CONDUIT_REQUIRE_SERVICES is set)');
    return;
  }
  const streamed = execFileSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-f', 'wav', '-i', 'pipe:0', '-f', 'flac', 'pipe:1'], { input: makeWav(3) });
  const probed = await probeAudio(held(streamed, 'upload'));
  assert.is(probed.format, 'flac');
  assert.ok(probed.maxDurationSeconds >= 3, `bound ${probed.maxDurationSeconds}`);
});

test.run();
