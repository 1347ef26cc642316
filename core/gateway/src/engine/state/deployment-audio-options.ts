/**
 * A deployment's audio options, from its `options`: `voiceMap` (a client's voice name, such as
 * OpenAI's `alloy`, to the provider's voice) and `defaultVoice` (used when the request's voice is
 * neither mapped nor one the provider declares). Values of the wrong shape are ignored (admin writes
 * validate them; see services/model-deployment-service.ts).
 */
export interface DeploymentAudioOptions {
  voiceMap: Readonly<Record<string, string>>;
  defaultVoice: string | undefined;
}

const none: Readonly<Record<string, string>> = Object.freeze({});

export function deploymentAudioOptions(deploymentOptions: Readonly<Record<string, unknown>> | null | undefined): DeploymentAudioOptions {
  const options = deploymentOptions ?? {};
  const map = options.voiceMap;
  const voiceMap =
    map && typeof map === 'object' && !Array.isArray(map)
      ? Object.freeze(Object.fromEntries(Object.entries(map).filter((entry): entry is [string, string] => typeof entry[1] === 'string')))
      : none;
  return { voiceMap, defaultVoice: typeof options.defaultVoice === 'string' ? options.defaultVoice : undefined };
}
