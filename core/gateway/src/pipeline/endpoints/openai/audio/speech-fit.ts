/**
 * Whether a deployment can serve a speech request, from what its audio plugin declares and the
 * deployment's voice options: the operation, the input's length, the voice, the output format.
 * A voice the deployment maps or declares fits as it is; falling back to the deployment's default
 * voice fits once adapted, so a deployment that has the voice asked for is preferred. An output format
 * the deployment cannot produce fits once adapted when ffmpeg can transcode one it can.
 */
import type { SpeechOutputFormat } from '@conduit/plugin-api';
import type { AudioDeployment, DeploymentRoute } from '../../../../engine/state/config-snapshot.ts';
import type { RouteFit } from '../../../../engine/routing/plan-routes.ts';
import { canTranscode } from './transcode-speech.ts';

export interface SpeechNeeds {
  voice: string;
  /** `voice` names a custom voice by id (`{"id": …}`): only a deployment that takes custom voices has it. */
  customVoice: boolean;
  format: SpeechOutputFormat;
  characters: number;
}

export interface SpeechPlan {
  /** The voice to ask the provider for. */
  voice: string;
  /** `voice` is a custom voice's id. */
  customVoice: boolean;
  /** The format to ask the provider for; differs from the requested one when the gateway transcodes. */
  producedFormat: SpeechOutputFormat;
  adapted: boolean;
}

export function speechFit(route: DeploymentRoute, needs: SpeechNeeds): RouteFit {
  const plan = speechPlan(route, needs);
  if ('lacks' in plan) return plan;
  return plan.adapted ? 'adapted' : true;
}

export function speechPlan(route: DeploymentRoute, needs: SpeechNeeds): SpeechPlan | { lacks: string; param: string } {
  const audio = route.audio;
  if (!audio) return { lacks: 'audio (its provider has no audio plugin)', param: 'model' };
  const capabilities = audio.capabilities;
  if (!capabilities.speak || !audio.client.speak) return { lacks: 'speech', param: 'model' };
  if (capabilities.maxInputCharacters !== undefined && needs.characters > capabilities.maxInputCharacters) {
    return { lacks: `inputs of ${needs.characters} characters (its limit is ${capabilities.maxInputCharacters})`, param: 'input' };
  }
  const voice = voiceFor(audio, needs);
  if (!voice) return { lacks: needs.customVoice ? `custom voices (asked for '${needs.voice}')` : `the voice '${needs.voice}'`, param: 'voice' };
  const produced = producedFormat(capabilities.outputFormats, needs.format);
  if (!produced) return { lacks: `the output format '${needs.format}' (and ffmpeg, to transcode, is not installed)`, param: 'response_format' };
  return { voice: voice.id, customVoice: voice.custom, producedFormat: produced, adapted: voice.fallback || produced !== needs.format };
}

/**
 * The provider voice for a requested one: mapped, declared (or nothing declared), else the default. A
 * custom voice is never swapped for the default: a deployment that takes no custom voices lacks it.
 */
function voiceFor(audio: AudioDeployment, needs: SpeechNeeds): { id: string; custom: boolean; fallback: boolean } | undefined {
  const requested = needs.voice;
  const mapped = audio.voiceMap[requested];
  if (mapped) return { id: mapped, custom: false, fallback: false };
  if (needs.customVoice) return audio.capabilities.customVoices ? { id: requested, custom: true, fallback: false } : undefined;
  const voices = audio.capabilities.voices;
  if (!voices || voices.some((voice) => voice.id === requested)) return { id: requested, custom: false, fallback: false };
  return audio.defaultVoice ? { id: audio.defaultVoice, custom: false, fallback: true } : undefined;
}

/** Preferred sources for transcoding: lossless first, so the result loses no more than one encoding. */
const transcodeSources: readonly SpeechOutputFormat[] = ['wav', 'pcm', 'flac', 'mp3', 'opus', 'aac'];

function producedFormat(declared: readonly SpeechOutputFormat[] | undefined, wanted: SpeechOutputFormat): SpeechOutputFormat | undefined {
  if (!declared || declared.includes(wanted)) return wanted;
  if (!canTranscode()) return undefined;
  return transcodeSources.find((format) => declared.includes(format));
}
