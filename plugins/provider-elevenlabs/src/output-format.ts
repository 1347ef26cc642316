/**
 * OpenAI's speech `response_format` names mapped to ElevenLabs' `output_format`
 * (`codec_samplerate_bitrate`; `pcm_24000` is raw s16le at 24 kHz, as OpenAI's `pcm` is).
 */
const outputFormats: Readonly<Record<string, { outputFormat: string; contentType: string }>> = {
  mp3: { outputFormat: 'mp3_44100_128', contentType: 'audio/mpeg' },
  pcm: { outputFormat: 'pcm_24000', contentType: 'audio/pcm' },
  opus: { outputFormat: 'opus_48000_64', contentType: 'audio/ogg; codecs=opus' },
};

export const elevenLabsSpeechFormats = Object.keys(outputFormats);

export function elevenLabsOutputFormat(format: string): { outputFormat: string; contentType: string } | undefined {
  return outputFormats[format];
}
