/**
 * Whether a deployment can serve a transcription or translation, from what its audio plugin declares
 * (AudioCapabilities): the operation, the spoken language, the upload's format and size. Streaming a
 * transcript from a deployment that cannot stream is bridged by the gateway (the whole transcript as
 * one delta), so it fits once adapted.
 */
import type { DeploymentRoute } from '../../../../engine/state/config-snapshot.ts';
import type { RouteFit } from '../../../../engine/routing/plan-routes.ts';

export interface TranscriptionNeeds {
  task: 'transcribe' | 'translate';
  language: string | undefined;
  format: string;
  bytes: number;
  stream: boolean;
}

export function transcriptionFit(route: DeploymentRoute, needs: TranscriptionNeeds): RouteFit {
  const audio = route.audio;
  if (!audio) return { lacks: 'audio (its provider has no audio plugin)', param: 'model' };
  const capabilities = audio.capabilities;
  if (needs.task === 'translate' ? !capabilities.translate || !audio.client.translate : !capabilities.transcribe || !audio.client.transcribe) {
    return { lacks: needs.task === 'translate' ? 'translation' : 'transcription', param: 'model' };
  }
  if (needs.language && capabilities.languages && !capabilities.languages.includes(needs.language.toLowerCase())) {
    return { lacks: `the language '${needs.language}'`, param: 'language' };
  }
  if (capabilities.inputFormats && !capabilities.inputFormats.includes(needs.format)) return { lacks: `${needs.format} files`, param: 'file' };
  if (capabilities.maxFileBytes !== undefined && needs.bytes > capabilities.maxFileBytes) {
    return { lacks: `files of ${needs.bytes} bytes (its limit is ${capabilities.maxFileBytes})`, param: 'file' };
  }
  if (needs.stream && !(capabilities.transcribeStream && audio.client.transcribeStream)) return 'adapted';
  return true;
}
