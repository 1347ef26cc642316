/**
 * The offline audio client: espeak-ng speaks (WAV, other formats through ffmpeg), pocketsphinx
 * transcribes English after the upload is converted to 16 kHz mono 16-bit. Each engine runs as a
 * child process under a time limit, at most `concurrency` at a time, killed when the call is
 * aborted. Missing engines make the calls (and `health`) fail with a message naming them; creating
 * the client never fails.
 */
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ProviderError, type AudioClient, type AudioVoice, type CallOptions, type TranscriptionRequest } from '@conduit/plugin-api';
import { findBinaries, missingFor, type Binaries } from './find-binaries.ts';
import { phraseGrammar } from './jsgf-grammar.ts';
import { createLimiter } from './limiter.ts';
import { runProcess } from './run-process.ts';
import { contentTypes, ffmpegOutputArgs } from './speech-formats.ts';
import { fixWavSizes } from './wav-header.ts';

export interface LocalSpeechOptions {
  /** Recognise only these phrases (a JSGF grammar is made of them). */
  phrases?: string[];
  /** A JSGF grammar to recognise with, instead of the phrase list or the default language model. */
  grammar?: string;
  /** Per engine run; default 60 s. */
  timeoutMs?: number;
  /** Engine runs at once; default 2. */
  concurrency?: number;
}

export interface LocalSpeechSettings {
  /** Where to look for the binaries; default `process.env.PATH`. */
  searchPath?: string;
  /** The pocketsphinx en-US model's folder. */
  modelDir?: string;
}

export function createLocalSpeechClient(options: LocalSpeechOptions, settings: LocalSpeechSettings = {}): AudioClient {
  const timeoutMs = options.timeoutMs ?? 60_000;
  const limiter = createLimiter(Math.max(1, options.concurrency ?? 2));
  let found: Binaries | undefined;
  const binaries = () => (found ??= findBinaries(settings.searchPath ?? process.env.PATH ?? '', settings.modelDir));
  const require = (operation: 'speak' | 'transcribe'): Binaries => {
    const bins = binaries();
    const missing = missingFor(operation, bins);
    if (missing) throw new ProviderError({ code: 'unsupported', retryable: false, message: `local-speech cannot ${operation}: ${missing}` });
    return bins;
  };
  const run = (command: string, args: readonly string[], call: CallOptions, input?: Uint8Array | string | AsyncIterable<Uint8Array>) =>
    limiter.run(call.signal, () => runProcess(command, args, { input, signal: call.signal, timeoutMs }));

  let voices: Promise<AudioVoice[]> | undefined;
  const listVoices = (call: CallOptions): Promise<AudioVoice[]> => {
    const bins = require('speak');
    voices ??= run(bins.espeak!, ['--voices'], call).then(parseVoices);
    voices.catch(() => (voices = undefined));
    return voices;
  };

  return {
    listVoices,
    async health(call) {
      for (const operation of ['speak', 'transcribe'] as const) require(operation);
      await listVoices(call);
    },
    async speak(request, call) {
      const bins = require('speak');
      const format = request.format;
      if (format !== 'wav' && !ffmpegOutputArgs[format]) {
        throw new ProviderError({ code: 'unsupported', param: 'response_format', message: `local-speech cannot produce ${format}` });
      }
      if (format !== 'wav' && !bins.ffmpeg) {
        throw new ProviderError({ code: 'unsupported', param: 'response_format', message: `local-speech produces ${format} through ffmpeg, which is not installed; ask for wav` });
      }
      const known = await listVoices(call);
      if (!known.some((voice) => voice.id === request.voice)) {
        throw new ProviderError({ code: 'bad_request', param: 'voice', message: `espeak-ng has no voice ${JSON.stringify(request.voice)}` });
      }
      const wpm = String(Math.round(175 * Math.min(4, Math.max(0.25, request.speed ?? 1))));
      const wav = fixWavSizes(await run(bins.espeak!, ['-v', request.voice, '-s', wpm, '--stdout', '--stdin'], call, request.input));
      const audio = format === 'wav' ? wav : await run(bins.ffmpeg!, ['-hide_banner', '-loglevel', 'error', '-f', 'wav', '-i', 'pipe:0', ...ffmpegOutputArgs[format]!, 'pipe:1'], call, wav);
      return {
        contentType: contentTypes[format]!,
        format,
        body: (async function* () {
          yield new Uint8Array(audio.buffer, audio.byteOffset, audio.byteLength);
        })(),
        usage: () => ({ characters: request.input.length }),
      };
    },
    async transcribe(request, call) {
      const bins = require('transcribe');
      if (request.language && request.language.toLowerCase() !== 'en' && !request.language.toLowerCase().startsWith('en-')) {
        throw new ProviderError({ code: 'unsupported', param: 'language', message: `local-speech transcribes English only (asked: ${request.language})` });
      }
      const dir = await mkdtemp(join(tmpdir(), 'conduit-local-speech-'));
      try {
        const input = join(dir, 'input.wav');
        await convertTo16k(bins, request, input, call, run);
        const args = ['-infile', input, '-hmm', bins.model!.hmm, '-dict', bins.model!.dict, '-logfn', '/dev/null'];
        const grammar = options.grammar ?? (options.phrases?.length ? phraseGrammar(options.phrases) : undefined);
        if (grammar) {
          const file = join(dir, 'grammar.jsgf');
          await writeFile(file, grammar);
          args.push('-jsgf', file);
        } else {
          args.push('-lm', bins.model!.lm);
        }
        const out = await run(bins.pocketsphinx!, args, call);
        const text = out.toString('utf8').split('\n').map((line) => line.trim()).filter(Boolean).join(' ');
        const { size } = await stat(input);
        const seconds = Math.max(0, (size - 44) / 32_000);
        return { text, language: 'en', durationSeconds: seconds, usage: { seconds } };
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    },
  };
}

type Run = (command: string, args: readonly string[], call: CallOptions, input?: Uint8Array | string | AsyncIterable<Uint8Array>) => Promise<Buffer>;

async function convertTo16k(bins: Binaries, request: TranscriptionRequest, output: string, call: CallOptions, run: Run): Promise<void> {
  if (bins.ffmpeg) {
    await run(bins.ffmpeg, ['-hide_banner', '-loglevel', 'error', '-i', 'pipe:0', '-ar', '16000', '-ac', '1', '-c:a', 'pcm_s16le', '-f', 'wav', '-y', output], call, request.file.body);
    return;
  }
  // sox needs the type of a piped input; -D: no dither, so the same input gives the same file.
  await run(bins.sox!, ['-t', request.file.format, '-', '-r', '16000', '-c', '1', '-b', '16', '-D', output], call, request.file.body);
}

/** `espeak-ng --voices` rows: `Pty Language Age/Gender VoiceName File Other Languages`. */
function parseVoices(out: Buffer): AudioVoice[] {
  return out
    .toString('utf8')
    .split('\n')
    .slice(1)
    .map((line) => line.trim().split(/\s+/))
    .filter((columns) => columns.length >= 4)
    .map(([, language, , name]) => ({ id: language!, name: name!.replace(/_/g, ' '), languages: [language!.split('-')[0]!] }));
}
