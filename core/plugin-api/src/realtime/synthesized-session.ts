/**
 * For translators whose provider does not speak the Realtime protocol: the `session` object of
 * their `session.created` / `session.updated`, built from what the client configured, and a
 * deep merge of a `session.update` into it (only the fields present change).
 */
export function synthesizedSession(id: string, model: string, configured: Readonly<Record<string, unknown>>): Record<string, unknown> {
  return mergeSession(
    {
      type: 'realtime',
      object: 'realtime.session',
      id,
      model,
      output_modalities: ['audio'],
      instructions: '',
      tools: [],
      tool_choice: 'auto',
      max_output_tokens: 'inf',
      tracing: null,
      prompt: null,
      expires_at: 0,
      audio: {
        input: { format: { type: 'audio/pcm', rate: 24000 }, transcription: null, noise_reduction: null, turn_detection: { type: 'server_vad' } },
        output: { format: { type: 'audio/pcm', rate: 24000 }, voice: null, speed: 1 },
      },
      include: null,
    },
    configured,
  );
}

export function mergeSession(target: Readonly<Record<string, unknown>>, patch: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...target };
  for (const [key, value] of Object.entries(patch)) {
    const current = out[key];
    const nested = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);
    out[key] = nested(value) && nested(current) ? mergeSession(current, value) : value;
  }
  return out;
}
