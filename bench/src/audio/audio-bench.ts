/**
 * `npm run bench -- --audio`: the audio figures of issue 16 —
 * (a) speech relayed as a stream: time to first byte through the gateway vs direct to the fake
 *     upstream (target: within 2 ms at the median);
 * (b) 20 concurrent 25 MB uploads to /v1/audio/transcriptions: the gateway's RSS before, at its
 *     peak and after (target: growth below 2x the bytes in flight, and back to its level).
 * The gateway runs as `npm start` runs it, configured over GraphQL with an `openai` provider pointing
 * at the fake audio upstream (src/audio/create-audio-upstream.ts).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnChild, waitForListening } from '../processes/child-process-handle.ts';
import { graphqlClient } from '../processes/graphql-client.ts';
import { startGatewayProcess } from '../processes/start-gateway-process.ts';
import { machineInfo, gitInfo } from '../report/run-metadata.ts';
import { measureUploadMemory, type UploadMemory } from './concurrent-uploads.ts';
import { benchWav, multipartUpload } from './multipart-upload.ts';
import { measureSpeechFirstByte, type SpeechFirstByte } from './speech-first-byte.ts';
import { formatAudioBench } from './format-audio-bench.ts';

export interface AudioBenchOptions {
  outDir: string;
  /** Speech requests per candidate (after 20 warm-up requests each). */
  samples: number;
  uploads: number;
  uploadBytes: number;
  gatewayEnv: Record<string, string>;
  log(line: string): void;
}

export interface AudioBenchRun {
  mode: 'audio';
  startedAt: string;
  machine: ReturnType<typeof machineInfo>;
  git: ReturnType<typeof gitInfo>;
  speech: SpeechFirstByte;
  uploads: UploadMemory;
}

const repositoryRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
/** The gateway's master key, as start-gateway-process.ts sets it. */
const masterKey = 'bench-master-key-0123456789abcdef';

export async function runAudioBench(options: AudioBenchOptions): Promise<string> {
  const { log } = options;
  const startedAt = new Date().toISOString();
  const upstream = spawnChild('audio upstream', ['--import', 'tsx', path.join(repositoryRoot, 'bench/src/processes/audio-upstream-process.ts')], { cwd: repositoryRoot });
  try {
    const upstreamOrigin = `http://127.0.0.1:${await waitForListening(upstream)}`;
    log(`fake audio upstream on ${upstreamOrigin}`);
    const gateway = await startGatewayProcess({ repositoryRoot, upstreamOrigin, env: options.gatewayEnv, limits: false });
    try {
      const apiKey = await configureAudio(gateway.origin, upstreamOrigin);
      log(`gateway on ${gateway.origin} (pid ${gateway.handle.pid}), audio deployments bench-tts and bench-whisper`);

      const speechBody = (model: string) => JSON.stringify({ model, input: 'The quick brown fox jumps over the lazy dog.', voice: 'alloy', response_format: 'mp3' });
      log(`speech: ${options.samples} requests each, direct and through the gateway, alternating`);
      const speech = await measureSpeechFirstByte(
        { origin: upstreamOrigin, path: '/v1/audio/speech', headers: { authorization: 'Bearer sk-bench-0000000000000000' }, body: speechBody('tts-1') },
        { origin: gateway.origin, path: '/v1/audio/speech', headers: { authorization: `Bearer ${apiKey}` }, body: speechBody('bench-tts') },
        options.samples,
      );

      log(`uploads: ${options.uploads} concurrent uploads of ${(options.uploadBytes / 1e6).toFixed(1)} MB to /v1/audio/transcriptions`);
      const file = benchWav(options.uploadBytes);
      const uploads = await measureUploadMemory({
        pid: gateway.handle.pid,
        origin: gateway.origin,
        path: '/v1/audio/transcriptions',
        apiKey,
        upload: multipartUpload(file, 'bench.wav', { model: 'bench-whisper', response_format: 'json' }),
        fileBytes: file.length,
        uploads: options.uploads,
      });

      const run: AudioBenchRun = { mode: 'audio', startedAt, machine: machineInfo(), git: gitInfo(repositoryRoot), speech, uploads };
      mkdirSync(options.outDir, { recursive: true });
      const out = path.join(options.outDir, `${startedAt.replace(/\.\d+Z$/, 'Z').replaceAll(':', '-')}-audio.json`);
      writeFileSync(out, `${JSON.stringify(run, (_key, value: unknown) => (typeof value === 'number' && !Number.isFinite(value) ? null : value), 2)}\n`);
      log(`results written to ${path.relative(process.cwd(), out) || out}`);
      return formatAudioBench(run);
    } finally {
      await gateway.stop();
    }
  } finally {
    await upstream.stop();
  }
}

/** An `openai` provider on the fake audio upstream, the two audio deployments, and a key for them. */
async function configureAudio(origin: string, upstreamOrigin: string): Promise<string> {
  const graphql = graphqlClient(origin, masterKey);
  const provider = await graphql<{ createProvider: { id: string } }>('mutation($input: CreateProviderInput!) { createProvider(input: $input) { id } }', {
    input: { name: 'bench-audio', type: 'openai', baseUrl: `${upstreamOrigin}/v1`, apiKey: 'sk-bench-0000000000000000' },
  });
  for (const [modelName, providerModel] of [
    ['bench-tts', 'tts-1'],
    ['bench-whisper', 'whisper-1'],
  ]) {
    await graphql('mutation($input: CreateModelDeploymentInput!) { createModelDeployment(input: $input) { id } }', {
      input: { modelName, providerId: provider.createProvider.id, providerModel },
    });
  }
  const key = await graphql<{ createVirtualKey: { key: string } }>('mutation($input: CreateVirtualKeyInput!) { createVirtualKey(input: $input) { key } }', {
    input: { name: 'bench-audio', allowedModels: ['bench-tts', 'bench-whisper'] },
  });
  return key.createVirtualKey.key;
}
