/**
 * Registers the audio checks as one uvu suite and runs it. Each check gets a fresh fake upstream and
 * a fresh client made by `plugin.create`. A check whose operation the named models do not declare,
 * or that needs what the fake cannot do, is skipped by name with the reason printed.
 */
import { suite } from 'uvu';
import type { AudioCapabilities, AudioPlugin } from '../audio-plugin.ts';
import { createHttpClient } from '../http-client.ts';
import { silentLogger } from '../logger.ts';
import { audioChecks } from './audio-checks.ts';
import type { AudioCheckNeed, AudioConformanceCheck, AudioConformanceScenario } from './audio-conformance-check.ts';
import type { AudioConformanceOptions } from './audio-conformance-options.ts';
import { testCallOptions } from './testing/test-call-options.ts';
import { within } from './testing/within.ts';

/** The plugin's capabilities with a model's refinements merged over them. */
export function audioCapabilitiesOf(plugin: AudioPlugin<unknown>, model: string | undefined): AudioCapabilities {
  const refined = model === undefined ? undefined : plugin.modelCapabilities?.(model);
  return { ...plugin.capabilities, ...refined };
}

export function runAudioConformance<PluginOptions = Record<string, unknown>>(options: AudioConformanceOptions<PluginOptions>): void {
  const { plugin } = options;
  const transcribeCaps = audioCapabilitiesOf(plugin as AudioPlugin<unknown>, options.transcribeModel);
  const speakCaps = audioCapabilitiesOf(plugin as AudioPlugin<unknown>, options.speakModel);
  // A method exists when the plugin or a model under test declares its operation; models may narrow.
  const anywhere = (name: 'transcribe' | 'transcribeStream' | 'translate' | 'speak') =>
    plugin.capabilities[name] === true || transcribeCaps[name] === true || speakCaps[name] === true;
  const declared = {
    transcribe: anywhere('transcribe'),
    transcribeStream: anywhere('transcribeStream'),
    translate: anywhere('translate'),
    speak: anywhere('speak'),
  };
  const voice = options.voice ?? speakCaps.defaultVoice ?? speakCaps.voices?.[0]?.id ?? 'alloy';
  const format = options.speakFormat ?? speakCaps.outputFormats?.[0] ?? 'mp3';
  const pluginOptions = (plugin.parseOptions ? plugin.parseOptions(options.pluginOptions ?? {}) : options.pluginOptions ?? {}) as PluginOptions;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const skipList = new Set(options.skip ?? []);
  for (const name of skipList) {
    if (!audioChecks.some((check) => check.name === name)) throw new Error(`runAudioConformance: options.skip names an unknown check: "${name}"`);
  }

  const missing = (need: AudioCheckNeed): string | undefined => {
    switch (need) {
      case 'transcribe':
      case 'transcribeStream':
        if (!options.transcribeModel || !options.sampleAudio) return 'no transcribeModel and sampleAudio given';
        return transcribeCaps[need] ? undefined : `${options.transcribeModel} does not declare ${need}`;
      case 'speak':
        if (!options.speakModel) return 'no speakModel given';
        return speakCaps.speak ? undefined : `${options.speakModel} does not declare speak`;
      case 'unknownVoice':
        return options.unknownVoice ? undefined : 'no unknownVoice given';
      case 'scripted-upstream':
        return options.noUpstream ? 'the plugin has no upstream to script' : undefined;
    }
  };
  const skipReason = (check: AudioConformanceCheck): string | undefined => {
    if (skipList.has(check.name)) return 'listed in options.skip';
    for (const need of check.needs) {
      const reason = missing(need);
      if (reason) return reason;
    }
    return undefined;
  };

  let requestCount = 0;
  const runCheck = async (check: AudioConformanceCheck): Promise<void> => {
    const fake = await options.startFake();
    const http = createHttpClient({ timeouts: { connectMs: timeoutMs, firstByteMs: timeoutMs, idleMs: timeoutMs } });
    const client = plugin.create({
      provider: { id: 'conformance', name: `${plugin.name} (conformance)`, type: plugin.name },
      baseUrl: fake.provider.baseUrl.replace(/\/+$/, ''),
      credentials: fake.provider.credentials,
      options: fake.provider.options,
      pluginOptions,
      http,
      logger: silentLogger,
    });
    const sample = () => {
      if (!options.sampleAudio) throw new Error('runAudioConformance: no sampleAudio given');
      return options.sampleAudio();
    };
    const scenario: AudioConformanceScenario = {
      client,
      fake,
      capabilities: check.needs.includes('speak') ? speakCaps : transcribeCaps,
      declared,
      credentials: fake.provider.credentials,
      call: (signal) => testCallOptions(signal, `audio-conformance-${++requestCount}`),
      transcription: () => ({ model: options.transcribeModel ?? '', file: sample(), language: 'en' }),
      speech: (fields) => ({ model: options.speakModel ?? '', input: 'Hello from the conformance kit.', voice, format, ...fields }),
      sample,
      expectedText: options.expectedText,
      unknownVoice: options.unknownVoice,
    };
    try {
      const running = check.run(scenario);
      running.catch(() => undefined);
      await within(running, `check "${check.name}"`, timeoutMs);
    } finally {
      await fake.close();
      await client.close?.();
      await http.close();
    }
  };

  const test = suite(`${plugin.name} audio conformance`);
  const skipped: string[] = [];
  for (const check of audioChecks) {
    const reason = skipReason(check);
    if (reason) {
      skipped.push(`  skipped "${check.name}": ${reason}`);
      test.skip(check.name, () => undefined);
    } else {
      test(check.name, () => runCheck(check));
    }
  }
  test.run();
  console.log(`Audio conformance of plugin "${plugin.name}": ${audioChecks.length - skipped.length} checks to run, ${skipped.length} skipped`);
  for (const line of skipped) console.log(line);
}
