/**
 * An embeddings body: one deterministic vector per input (the same text always gets the same
 * vector), as float arrays or, for `encoding_format: 'base64'`, base64 of little-endian float32.
 */
import { createHash } from 'node:crypto';
import type { EmbeddingResponse } from '@conduit/plugin-api';

export function buildEmbeddings(
  inputs: string[],
  model: string,
  dimensions: number,
  promptTokens: number,
  encoding: 'float' | 'base64',
): EmbeddingResponse {
  return {
    object: 'list',
    data: inputs.map((input, index) => {
      const vector = vectorFor(input, dimensions);
      const embedding = encoding === 'base64' ? Buffer.from(new Float32Array(vector).buffer).toString('base64') : vector;
      return { object: 'embedding', index, embedding };
    }),
    model,
    usage: { prompt_tokens: promptTokens, total_tokens: promptTokens },
  };
}

/** Values in [-1, 1], exactly representable as float32 so both encodings decode to the same numbers. */
export function vectorFor(input: string, dimensions: number): number[] {
  const vector: number[] = [];
  let block = Buffer.alloc(0);
  for (let i = 0; i < dimensions; i++) {
    if (i % 16 === 0) block = createHash('sha256').update(`${input}\u0000${i / 16}`).digest();
    const value = block.readUInt16LE((i % 16) * 2) / 32767.5 - 1;
    vector.push(Math.fround(value));
  }
  return vector;
}

/** A rough token count (OpenAI's tokenizer is not needed to fake plausible usage). */
export function roughTokens(inputs: string[]): number {
  return inputs.reduce((sum, text) => sum + Math.max(1, Math.ceil(text.length / 4)), 0);
}
