/**
 * Where the engines are: each binary looked up on the search path, and the pocketsphinx en-US model
 * on disk. Looked up once per client, lazily, so a gateway without them still starts; what is
 * missing is named by `missing`.
 */
import { accessSync, constants, existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';

export const pocketsphinxModelDir = '/usr/share/pocketsphinx/model/en-us';

export interface Binaries {
  espeak?: string;
  pocketsphinx?: string;
  ffmpeg?: string;
  sox?: string;
  /** The acoustic model, language model and dictionary, when installed. */
  model?: { hmm: string; lm: string; dict: string };
}

export function findBinaries(searchPath: string, modelDir = pocketsphinxModelDir): Binaries {
  const model = { hmm: join(modelDir, 'en-us'), lm: join(modelDir, 'en-us.lm.bin'), dict: join(modelDir, 'cmudict-en-us.dict') };
  return {
    espeak: which('espeak-ng', searchPath),
    pocketsphinx: which('pocketsphinx_continuous', searchPath),
    ffmpeg: which('ffmpeg', searchPath),
    sox: which('sox', searchPath),
    model: existsSync(model.hmm) && existsSync(model.dict) ? model : undefined,
  };
}

function which(name: string, searchPath: string): string | undefined {
  for (const dir of searchPath.split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

/** Why speech or transcription cannot run, naming what to install; undefined when it can. */
export function missingFor(operation: 'speak' | 'transcribe', binaries: Binaries): string | undefined {
  if (operation === 'speak') return binaries.espeak ? undefined : 'espeak-ng is not installed (apt-get install espeak-ng)';
  if (!binaries.pocketsphinx) return 'pocketsphinx_continuous is not installed (apt-get install pocketsphinx)';
  if (!binaries.model) return `the pocketsphinx en-US model is not installed in ${pocketsphinxModelDir} (apt-get install pocketsphinx-en-us)`;
  if (!binaries.ffmpeg && !binaries.sox) return 'neither ffmpeg nor sox is installed to convert the upload (apt-get install ffmpeg)';
  return undefined;
}
