/**
 * The OpenAI Audio API through a real gateway, with the official `openai` SDK as the client: every
 * endpoint and response format against fakes of OpenAI and ElevenLabs speaking their wire formats;
 * routing by what deployments declare (a voice, a language only one has); transcoding when no
 * deployment produces a format; permission refusals; budgets; oversized and unreadable uploads; a
 * client leaving mid-speech closes the upstream; the request log's audio seconds and characters.
 */
import { createServer, request as httpRequest, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { APIError, toFile } from 'openai';
import { startOpenAIFakeUpstream, type OpenAIFakeUpstream } from '../../../../plugins/provider-openai/test/fake-openai-upstream.ts';
import { fakeTranscript } from '../../../../plugins/provider-openai/test/fake-openai/serve-audio-endpoints.ts';
import { sampleWav } from '../../../../plugins/provider-openai/test/sample-wav.ts';
import { enginesMissing } from '../../../../plugins/local-speech/test/engines.ts';
import { startElevenLabsFakeUpstream, type ElevenLabsFakeUpstream } from '../../../../plugins/provider-elevenlabs/test/fake-elevenlabs-upstream.ts';
import type { RequestLogRecord } from '../../src/infrastructure/database/models/request-log-model.ts';
import { canTranscode } from '../../src/pipeline/endpoints/openai/audio/transcode-speech.ts';
import type { DatabaseTarget } from '../support/database-targets.ts';
import { startTestGateway, type TestGateway } from '../support/test-gateway.ts';

interface HangingUpstream {
  baseUrl: string;
  /** Resolves when the gateway closed its request to this upstream. */
  closed: Promise<void>;
  requests: number;
  close(): Promise<void>;
}

/** An OpenAI speech endpoint that sends its first bytes and then nothing, noting when the caller goes away. */
async function startHangingSpeechUpstream(): Promise<HangingUpstream> {
  let markClosed!: () => void;
  const closed = new Promise<void>((resolve) => (markClosed = resolve));
  const state = { requests: 0 };
  const server: Server = createServer((req, res) => {
    state.requests++;
    req.resume();
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'transfer-encoding': 'chunked' });
    res.write(Buffer.from('ID3first-bytes'));
    res.on('close', () => markClosed());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    closed,
    get requests() {
      return state.requests;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

interface Context {
  gateway: TestGateway;
  openai: OpenAIFakeUpstream;
  elevenlabs: ElevenLabsFakeUpstream;
  hanging: HangingUpstream;
  key: string;
}

const wav = sampleWav(3);

async function bytesOf(response: Response): Promise<Buffer> {
  return Buffer.from(await response.arrayBuffer());
}

async function sseEvents(response: Response): Promise<Array<Record<string, unknown>>> {
  const text = await response.text();
  return text
    .split('\n\n')
    .filter((block) => block.startsWith('data: '))
    .map((block) => JSON.parse(block.slice(6)) as Record<string, unknown>);
}

async function postRaw(url: string, key: string, path: string, body: BodyInit, headers: Record<string, string> = {}): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${url}/v1${path}`, { method: 'POST', headers: { authorization: `Bearer ${key}`, ...headers }, body });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

function form(fields: Record<string, string>, file?: { bytes: Buffer; name: string }): FormData {
  const data = new FormData();
  for (const [name, value] of Object.entries(fields)) data.append(name, value);
  if (file) data.append('file', new Blob([new Uint8Array(file.bytes)], { type: 'application/octet-stream' }), file.name);
  return data;
}

/** Requests a fake received on its audio endpoints (health checks may call others meanwhile). */
function audioCalls(fake: { requests(): ReadonlyArray<{ path: string }> }): number {
  return fake.requests().filter((request) => /^\/v1\/(audio|text-to-speech|speech-to-text)/.test(request.path)).length;
}

async function refusal(call: Promise<unknown>): Promise<APIError> {
  try {
    await call;
  } catch (error) {
    if (error instanceof APIError) return error;
    throw error;
  }
  throw new Error('the request was not refused');
}

export function audioApiSuite(target: DatabaseTarget): void {
  const test = suite<Context>(`audio API through the gateway (${target.name})`);

  test.before(async (context) => {
    context.openai = await startOpenAIFakeUpstream();
    context.elevenlabs = await startElevenLabsFakeUpstream();
    context.hanging = await startHangingSpeechUpstream();
    context.gateway = await startTestGateway({ databaseUrl: await target.freshDatabaseUrl(), env: { CONDUIT_AUDIO_FILE_LIMIT_MB: '1' } });
    const { gateway } = context;
    const openai = await gateway.createOpenAIProvider('openai-fake', context.openai);
    const elevenlabs = await gateway.createProvider({ name: 'elevenlabs-fake', type: 'elevenlabs', baseUrl: context.elevenlabs.provider.baseUrl, apiKey: context.elevenlabs.apiKey });
    const hanging = await gateway.createProvider({ name: 'hanging', type: 'openai', baseUrl: context.hanging.baseUrl, apiKey: 'sk-hanging' });
    const local = await gateway.createProvider({ name: 'local', type: 'local-speech', options: { phrases: ['hello world this is a test', 'what time is it', 'goodbye world'] } });
    await gateway.createDeployment({ modelName: 'whisper-1', providerId: openai, providerModel: 'whisper-1' });
    await gateway.createDeployment({ modelName: 'gpt-4o-mini-transcribe', providerId: openai, providerModel: 'gpt-4o-mini-transcribe' });
    await gateway.createDeployment({ modelName: 'tts-1', providerId: openai, providerModel: 'tts-1' });
    await gateway.createDeployment({ modelName: 'gpt-4o-mini-tts', providerId: openai, providerModel: 'gpt-4o-mini-tts' });
    await gateway.createDeployment({ modelName: 'scribe', providerId: elevenlabs, providerModel: 'scribe_v1' });
    await gateway.createDeployment({ modelName: 'eleven', providerId: elevenlabs, providerModel: 'eleven_flash_v2_5', options: { voiceMap: { alloy: 'JBFqnCBsd6RMkjVDRZzb' } } });
    // Two deployments with different voices: `narrator` only the ElevenLabs one has (through its map).
    await gateway.createDeployment({ modelName: 'voices', providerId: openai, providerModel: 'tts-1' });
    await gateway.createDeployment({ modelName: 'voices', providerId: elevenlabs, providerModel: 'eleven_flash_v2_5', options: { voiceMap: { narrator: 'JBFqnCBsd6RMkjVDRZzb' } } });
    // Two deployments with different languages: pocketsphinx hears English only.
    await gateway.createDeployment({ modelName: 'ears', providerId: local, providerModel: 'pocketsphinx-en-us', priority: 0 });
    await gateway.createDeployment({ modelName: 'ears', providerId: openai, providerModel: 'whisper-1', priority: 1 });
    await gateway.createDeployment({ modelName: 'english-ears', providerId: local, providerModel: 'pocketsphinx-en-us' });
    const second = await gateway.createOpenAIProvider('openai-fake-2', context.openai);
    await gateway.createDeployment({ modelName: 'twice', providerId: openai, providerModel: 'gpt-4o-mini-tts' });
    await gateway.createDeployment({ modelName: 'twice', providerId: second, providerModel: 'gpt-4o-mini-tts' });
    await gateway.createDeployment({ modelName: 'espeak', providerId: local, providerModel: 'espeak-ng' });
    await gateway.createDeployment({ modelName: 'hang', providerId: hanging, providerModel: 'tts-1' });
    await gateway.graphql('mutation { createModelCost(input: { model: "whisper-1", inputPerMillion: 0, outputPerMillion: 0, audioInputPerMinute: 0.006 }) { id } }');
    await gateway.graphql('mutation { createModelCost(input: { model: "tts-1", inputPerMillion: 0, outputPerMillion: 0, speechPerMillionCharacters: 15 }) { id } }');
    context.key = (await gateway.createKey()).key;
  });

  test.after(async (context) => {
    await context.gateway.close();
    await Promise.all([context.openai.close(), context.elevenlabs.close(), context.hanging.close()]);
  });

  test.before.each((context) => {
    context.openai.reset();
    context.elevenlabs.reset();
  });

  test('transcriptions in every response format, with OpenAI’s shapes and content types', async ({ gateway, key }) => {
    const client = gateway.openai(key);
    const file = () => toFile(wav, 'speech.wav');
    const json = await client.audio.transcriptions.create({ file: await file(), model: 'whisper-1' });
    assert.is(json.text, fakeTranscript);
    assert.equal((json as unknown as { usage: unknown }).usage, { type: 'duration', seconds: 3 });

    const text = await client.audio.transcriptions.create({ file: await file(), model: 'whisper-1', response_format: 'text' });
    assert.is(text, `${fakeTranscript}\n`);

    const srt = await client.audio.transcriptions.create({ file: await file(), model: 'whisper-1', response_format: 'srt' });
    assert.match(srt, /^1\n00:00:00,000 --> 00:00:03,000\nThe quick brown fox/);

    const vtt = await client.audio.transcriptions.create({ file: await file(), model: 'whisper-1', response_format: 'vtt' });
    assert.match(vtt, /^WEBVTT\n\n00:00:00\.000 --> 00:00:03\.000\nThe quick brown fox/);

    const verbose = await client.audio.transcriptions.create({
      file: await file(),
      model: 'whisper-1',
      response_format: 'verbose_json',
      timestamp_granularities: ['word', 'segment'],
      language: 'en',
    });
    assert.is((verbose as unknown as { task: string }).task, 'transcribe');
    assert.is(verbose.language, 'english');
    assert.is(verbose.duration, 3);
    assert.is(verbose.text, fakeTranscript);
    assert.is(verbose.words?.length, 9);
    assert.is(verbose.segments?.[0]?.end, 3);

    const raw = await fetch(`${gateway.url}/v1/audio/transcriptions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}` },
      body: form({ model: 'whisper-1', response_format: 'srt' }, { bytes: wav, name: 'a.wav' }),
    });
    assert.is(raw.headers.get('content-type'), 'text/plain; charset=utf-8');
    await raw.text();
  });

  test('a token-billed transcription reports token usage; stream: true gives transcript.text.delta/done events', async ({ gateway, key }) => {
    const client = gateway.openai(key);
    const json = await client.audio.transcriptions.create({ file: await toFile(wav, 'speech.wav'), model: 'gpt-4o-mini-transcribe' });
    const usage = (json as unknown as { usage: { type: string; input_tokens: number; input_token_details: { audio_tokens: number } } }).usage;
    assert.is(usage.type, 'tokens');
    assert.is(usage.input_token_details.audio_tokens, 30);

    const stream = await client.audio.transcriptions.create({ file: await toFile(wav, 'speech.wav'), model: 'gpt-4o-mini-transcribe', stream: true });
    const events: Array<{ type: string; delta?: string; text?: string }> = [];
    for await (const event of stream) events.push(event as { type: string });
    const deltas = events.filter((event) => event.type === 'transcript.text.delta');
    assert.ok(deltas.length > 1, 'deltas arrive one by one');
    assert.is(deltas.map((event) => event.delta).join(''), fakeTranscript);
    assert.is(events.at(-1)?.type, 'transcript.text.done');
    assert.is(events.at(-1)?.text, fakeTranscript);

    // whisper-1 cannot stream: the gateway sends the whole transcript as one delta, then done.
    const bridged = await client.audio.transcriptions.create({ file: await toFile(wav, 'speech.wav'), model: 'whisper-1', stream: true });
    const types: string[] = [];
    for await (const event of bridged) types.push(event.type);
    assert.equal(types, ['transcript.text.delta', 'transcript.text.done']);
  });

  test('translations answer English text in every format', async ({ gateway, key }) => {
    const client = gateway.openai(key);
    const json = await client.audio.translations.create({ file: await toFile(wav, 'speech.wav'), model: 'whisper-1' });
    assert.is(json.text, fakeTranscript);
    const verbose = await client.audio.translations.create({ file: await toFile(wav, 'speech.wav'), model: 'whisper-1', response_format: 'verbose_json' });
    assert.is((verbose as unknown as { task: string; language: string }).task, 'translate');
    assert.is((verbose as unknown as { language: string }).language, 'english');
    const text = await client.audio.translations.create({ file: await toFile(wav, 'speech.wav'), model: 'whisper-1', response_format: 'text' });
    assert.is(text as unknown as string, `${fakeTranscript}\n`);
    const refused = await refusal(client.audio.translations.create({ file: await toFile(wav, 'speech.wav'), model: 'gpt-4o-mini-transcribe' }));
    assert.is(refused.status, 400);
    assert.match(refused.message, /translation/);
  });

  test('speech in every response format, streamed as bytes with its content type', async ({ gateway, key }) => {
    const client = gateway.openai(key);
    const expectations: Array<[string, string, (bytes: Buffer) => boolean]> = [
      ['mp3', 'audio/mpeg', (bytes) => bytes.subarray(0, 3).toString() === 'ID3'],
      ['opus', 'audio/ogg; codecs=opus', (bytes) => bytes.subarray(0, 4).toString() === 'OggS'],
      ['aac', 'audio/aac', (bytes) => bytes[0] === 0xff],
      ['flac', 'audio/flac', (bytes) => bytes.subarray(0, 4).toString() === 'fLaC'],
      ['wav', 'audio/wav', (bytes) => bytes.subarray(0, 4).toString() === 'RIFF'],
      ['pcm', 'audio/pcm', (bytes) => bytes.length % 2 === 0 && bytes.length > 1000],
    ];
    for (const [format, contentType, looksRight] of expectations) {
      const response = await client.audio.speech.create({ model: 'tts-1', voice: 'alloy', input: 'Hello there, world.', response_format: format as 'mp3' });
      assert.is(response.headers.get('content-type'), contentType, format);
      const bytes = await bytesOf(response);
      assert.ok(looksRight(bytes), `${format} bytes`);
    }
  });

  test('speech with stream_format sse gives speech.audio.delta and speech.audio.done events', async ({ gateway, key }) => {
    const client = gateway.openai(key);
    const response = await client.audio.speech.create({ model: 'gpt-4o-mini-tts', voice: 'coral', input: 'Hello there.', response_format: 'wav', stream_format: 'sse' });
    assert.match(response.headers.get('content-type') ?? '', /^text\/event-stream/);
    const events = await sseEvents(response);
    const deltas = events.filter((event) => event.type === 'speech.audio.delta');
    assert.ok(deltas.length >= 1);
    const audio = Buffer.concat(deltas.map((event) => Buffer.from(String(event.audio), 'base64')));
    assert.is(audio.subarray(0, 4).toString(), 'RIFF');
    assert.is(events.at(-1)?.type, 'speech.audio.done');
  });

  test('a custom voice ({"id": …}) reaches OpenAI as it was asked for; a deployment without custom voices refuses it instead of using its default voice', async ({ gateway, key, openai }) => {
    const client = gateway.openai(key);
    const response = await client.audio.speech.create({ model: 'gpt-4o-mini-tts', voice: { id: 'voice_1234' }, input: 'Hello there.', response_format: 'wav' });
    assert.is((await bytesOf(response)).subarray(0, 4).toString(), 'RIFF');
    assert.equal((openai.lastRequest().body as { voice: unknown }).voice, { id: 'voice_1234' });
    const calls = audioCalls(openai);
    for (const model of ['tts-1', 'eleven']) {
      const refused = await refusal(client.audio.speech.create({ model, voice: { id: 'voice_1234' }, input: 'Hello there.' }));
      assert.is(refused.status, 400, model);
      assert.match(refused.message, /custom voices/, model);
    }
    assert.is(audioCalls(openai), calls, 'no provider was asked');
  });

  test('a deployment that fails before the first byte is replaced by the next, for bytes and for events', async ({ gateway, key, openai }) => {
    const client = gateway.openai(key);
    openai.enqueue({ type: 'http-error', status: 503, message: 'overloaded' });
    const bytes = await client.audio.speech.create({ model: 'twice', voice: 'coral', input: 'Hello again', response_format: 'wav' });
    assert.is(bytes.headers.get('x-conduit-attempts'), '2');
    assert.is((await bytesOf(bytes)).subarray(0, 4).toString(), 'RIFF');
    openai.enqueue({ type: 'http-error', status: 503, message: 'overloaded' });
    const events = await client.audio.speech.create({ model: 'twice', voice: 'coral', input: 'Hello again', stream_format: 'sse' });
    assert.is(events.headers.get('x-conduit-attempts'), '2');
    assert.is((await sseEvents(events)).at(-1)?.type, 'speech.audio.done');
    // A refusal by the provider (400) is the answer at once: not retried elsewhere.
    openai.enqueue({ type: 'http-error', status: 400, message: 'bad input' });
    const refused = await refusal(client.audio.speech.create({ model: 'twice', voice: 'coral', input: 'Hello again' }));
    assert.is(refused.status, 400);
    assert.is(audioCalls(openai), 5);
  });

  test('ElevenLabs behind the OpenAI API: speech with a mapped voice, and transcription', async ({ gateway, key, elevenlabs }) => {
    const client = gateway.openai(key);
    const response = await client.audio.speech.create({ model: 'eleven', voice: 'alloy', input: 'Hello world', response_format: 'pcm' });
    const bytes = await bytesOf(response);
    assert.ok(bytes.length > 1000);
    assert.is(elevenlabs.lastRequest().path, '/v1/text-to-speech/JBFqnCBsd6RMkjVDRZzb/stream?output_format=pcm_24000');
    const transcript = await client.audio.transcriptions.create({ file: await toFile(wav, 'speech.wav'), model: 'scribe' });
    assert.is(transcript.text, 'Hello world!');
  });

  test('routing by capability: a voice only one deployment has, a language only one hears', async ({ gateway, key, openai, elevenlabs }) => {
    const client = gateway.openai(key);
    for (let index = 0; index < 4; index++) await bytesOf(await client.audio.speech.create({ model: 'voices', voice: 'narrator', input: 'Once upon a time', response_format: 'mp3' }));
    assert.is(audioCalls(elevenlabs), 4);
    assert.is(audioCalls(openai), 0);
    // pocketsphinx hears English only: German goes to whisper-1, though pocketsphinx comes first.
    for (let index = 0; index < 3; index++) await client.audio.transcriptions.create({ file: await toFile(wav, 'speech.wav'), model: 'ears', language: 'de' });
    assert.is(audioCalls(openai), 3);
    const refused = await refusal(client.audio.transcriptions.create({ file: await toFile(wav, 'speech.wav'), model: 'english-ears', language: 'de' }));
    assert.is(refused.status, 400);
    assert.is((refused.error as { param?: string }).param, 'language');
    assert.match(refused.message, /the language 'de'/);
    const tooLong = await refusal(client.audio.speech.create({ model: 'tts-1', voice: 'alloy', input: 'x'.repeat(5000) }));
    assert.is(tooLong.status, 400);
    assert.match(tooLong.message, /inputs of 5000 characters \(its limit is 4096\)/);
  });

  test('deployment options: the voice map is validated and read back', async ({ gateway }) => {
    const providers = await gateway.graphql<{ providers: Array<{ id: string; name: string }> }>('{ providers { id name } }');
    const providerId = providers.providers.find((provider) => provider.name === 'elevenlabs-fake')!.id;
    const bad = await gateway.graphqlRaw('mutation($input: CreateModelDeploymentInput!) { createModelDeployment(input: $input) { id } }', {
      input: { modelName: 'bad-voices', providerId, providerModel: 'eleven_flash_v2_5', options: { voiceMap: { alloy: 5 } } },
    });
    assert.ok(bad.body.errors?.length, 'refused');
    assert.match(bad.body.errors![0]!.message, /voiceMap/);
    const id = await gateway.createDeployment({ modelName: 'good-voices', providerId, providerModel: 'eleven_flash_v2_5', options: { voiceMap: { alloy: 'JBFqnCBsd6RMkjVDRZzb' }, defaultVoice: '21m00Tcm4TlvDq8ikWAM' } });
    const read = await gateway.graphql<{ modelDeployment: { options: unknown } }>('query($id: ID!) { modelDeployment(id: $id) { options } }', { id });
    assert.equal(read.modelDeployment.options, { voiceMap: { alloy: 'JBFqnCBsd6RMkjVDRZzb' }, defaultVoice: '21m00Tcm4TlvDq8ikWAM' });
  });

  test('a format no deployment produces is transcoded with ffmpeg, and the response says from what', async ({ gateway, key }) => {
    if (!canTranscode()) {
      console.log('transcoding test skipped: ffmpeg is not installed');
      return;
    }
    const response = await gateway.openai(key).audio.speech.create({ model: 'eleven', voice: 'alloy', input: 'Hello world', response_format: 'flac' });
    assert.is(response.headers.get('x-conduit-transcoded-from'), 'pcm');
    assert.is(response.headers.get('content-type'), 'audio/flac');
    const bytes = await bytesOf(response);
    assert.is(bytes.subarray(0, 4).toString(), 'fLaC');

    // The same header on speech sent as events, whose audio is the transcoded format.
    const events = await gateway.openai(key).audio.speech.create({ model: 'eleven', voice: 'alloy', input: 'Hello world', response_format: 'flac', stream_format: 'sse' });
    assert.is(events.headers.get('x-conduit-transcoded-from'), 'pcm');
    assert.match(events.headers.get('content-type') ?? '', /^text\/event-stream/);
    const received = await sseEvents(events);
    const audio = Buffer.concat(received.filter((event) => event.type === 'speech.audio.delta').map((event) => Buffer.from(String(event.audio), 'base64')));
    assert.is(audio.subarray(0, 4).toString(), 'fLaC');
    assert.is(received.at(-1)?.type, 'speech.audio.done');

    // Nothing transcoded, nothing said: a format the deployment produces itself.
    const direct = await gateway.openai(key).audio.speech.create({ model: 'eleven', voice: 'alloy', input: 'Hello world', response_format: 'pcm', stream_format: 'sse' });
    assert.is(direct.headers.get('x-conduit-transcoded-from'), null);
    await sseEvents(direct);
  });

  test('permissions: a key without an audio permission is refused with 403 permission_denied', async ({ gateway }) => {
    const { key, id } = await gateway.createKey({ name: 'speech only' });
    await gateway.models.VirtualKeyRecord.update({ permissions: ['AUDIO_SPEECH'] }, { where: { id } });
    const client = gateway.openai(key);
    const refused = await refusal(client.audio.transcriptions.create({ file: await toFile(wav, 'speech.wav'), model: 'whisper-1' }));
    assert.is(refused.status, 403);
    assert.is(refused.code, 'permission_denied');
    const translation = await refusal(client.audio.translations.create({ file: await toFile(wav, 'speech.wav'), model: 'whisper-1' }));
    assert.is(translation.status, 403);
    const speech = await client.audio.speech.create({ model: 'tts-1', voice: 'alloy', input: 'allowed' });
    assert.is(speech.status, 200);
    await bytesOf(speech);
  });

  test('budgets: the worst case is reserved before the call; an exhausted budget is a 429 budget_exceeded', async ({ gateway }) => {
    // 3 s of whisper at $0.006 a minute is $0.0003; a budget of $0.0005 pays for one and not two.
    const { key } = await gateway.createKey({ name: 'small budget', maxBudget: 0.0005 });
    const client = gateway.openai(key);
    await client.audio.transcriptions.create({ file: await toFile(wav, 'speech.wav'), model: 'whisper-1' });
    const refused = await refusal(client.audio.transcriptions.create({ file: await toFile(wav, 'speech.wav'), model: 'whisper-1' }));
    assert.is(refused.status, 429);
    assert.is(refused.code, 'budget_exceeded');
  });

  test('the request log keeps audio seconds and characters, and the cost is billed from them', async ({ gateway }) => {
    const { key, id } = await gateway.createKey({ name: 'logged' });
    const client = gateway.openai(key);
    await client.audio.transcriptions.create({ file: await toFile(wav, 'speech.wav'), model: 'whisper-1' });
    await bytesOf(await client.audio.speech.create({ model: 'tts-1', voice: 'alloy', input: 'Twenty characters!!!' }));
    let rows: RequestLogRecord[] = [];
    for (let attempt = 0; attempt < 50 && rows.length < 2; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      rows = await gateway.models.RequestLogRecord.findAll({ where: { virtualKeyId: id } });
    }
    const transcription = rows.find((row) => row.endpoint === 'audio/transcriptions');
    const speech = rows.find((row) => row.endpoint === 'audio/speech');
    assert.is(transcription?.audioSeconds, 3);
    // 3 s at $0.006 a minute; 20 characters at $15 a million: $0.0003 each, in nano-dollars.
    assert.is(Number(transcription?.costNanos), 300_000);
    assert.is(speech?.characters, 20);
    assert.is(Number(speech?.costNanos), 300_000);
  });

  test('uploads: larger than the limit is a 413; an unreadable file is a 400 naming the problem; fields are checked', async ({ gateway, key }) => {
    const big = await postRaw(gateway.url, key, '/audio/transcriptions', form({ model: 'whisper-1' }, { bytes: sampleWav(40), name: 'big.wav' }));
    assert.is(big.status, 413);
    assert.is((big.body.error as { code: string }).code, 'file_too_large');
    const text = await postRaw(gateway.url, key, '/audio/transcriptions', form({ model: 'whisper-1' }, { bytes: Buffer.from('just some text, not audio'), name: 'notes.txt' }));
    assert.is(text.status, 400);
    assert.match((text.body.error as { message: string }).message, /not audio in a supported format/);
    const truncated = await postRaw(gateway.url, key, '/audio/transcriptions', form({ model: 'whisper-1' }, { bytes: Buffer.concat([Buffer.from('ID3'), Buffer.alloc(10)]), name: 'cut.mp3' }));
    assert.is(truncated.status, 400);
    assert.is((truncated.body.error as { param: string }).param, 'file');
    const noFile = await postRaw(gateway.url, key, '/audio/transcriptions', form({ model: 'whisper-1' }));
    assert.is(noFile.status, 400);
    assert.is((noFile.body.error as { code: string }).code, 'missing_required_parameter');
    const badFormat = await postRaw(gateway.url, key, '/audio/transcriptions', form({ model: 'whisper-1', response_format: 'xml' }, { bytes: wav, name: 'a.wav' }));
    assert.is(badFormat.status, 400);
    assert.is((badFormat.body.error as { param: string }).param, 'response_format');
    const json = await postRaw(gateway.url, key, '/audio/transcriptions', JSON.stringify({ model: 'whisper-1' }), { 'content-type': 'application/json' });
    assert.is(json.status, 400);
    const badSpeech = await postRaw(gateway.url, key, '/audio/speech', JSON.stringify({ model: 'tts-1', input: 'hi', voice: 'alloy', response_format: 'ogg' }), { 'content-type': 'application/json' });
    assert.is(badSpeech.status, 400);
    assert.is((badSpeech.body.error as { param: string }).param, 'response_format');
  });

  test('local engines, no fake: speech from the gateway (espeak-ng) transcribed by the gateway (pocketsphinx with a phrase list)', async ({ gateway, key }) => {
    if (enginesMissing()) return;
    const client = gateway.openai(key);
    for (const [format, phrase, said] of [
      ['wav', 'hello world this is a test', 'Hello world, this is a test.'],
      ['mp3', 'what time is it', 'What time is it?'],
    ] as const) {
      const speech = await client.audio.speech.create({ model: 'espeak', voice: 'alloy', input: said, response_format: format });
      const audio = await bytesOf(speech);
      assert.ok(audio.length > 1000, `${format} speech`);
      const transcript = await client.audio.transcriptions.create({ file: await toFile(audio, `speech.${format}`), model: 'english-ears', language: 'en' });
      assert.is(transcript.text, phrase, format);
    }
  });

  test('a client that leaves mid-speech closes the upstream request', async ({ gateway, key, hanging }) => {
    const url = new URL(`${gateway.url}/v1/audio/speech`);
    const first = await new Promise<Buffer>((resolve, reject) => {
      const req = httpRequest(url, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' } }, (res: IncomingMessage) => {
        res.once('data', (chunk: Buffer) => {
          resolve(chunk);
          req.destroy();
        });
      });
      req.on('error', (error) => (error.message.includes('socket hang up') || error.message.includes('aborted') ? undefined : reject(error)));
      req.end(JSON.stringify({ model: 'hang', voice: 'alloy', input: 'A long story' }));
    });
    assert.is(first.subarray(0, 3).toString(), 'ID3');
    const closedInTime = await Promise.race([hanging.closed.then(() => true), new Promise((resolve) => setTimeout(() => resolve(false), 5000))]);
    assert.ok(closedInTime, 'the gateway closed its upstream request when the client left');
  });

  test.run();
}
