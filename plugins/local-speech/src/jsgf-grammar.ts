/** A JSGF grammar that accepts exactly one of the given phrases, in the words pocketsphinx knows. */
export function phraseGrammar(phrases: readonly string[]): string {
  const alternatives = phrases.map(normalisePhrase).filter((phrase) => phrase !== '');
  if (alternatives.length === 0) throw new Error('the phrase list holds no words');
  return `#JSGF V1.0;\ngrammar phrases;\npublic <phrase> = ${[...new Set(alternatives)].join(' | ')};\n`;
}

/** Lower case, letters, digits and apostrophes only, single spaces: how the dictionary spells words. */
export function normalisePhrase(phrase: string): string {
  return phrase
    .toLowerCase()
    .replace(/[^a-z0-9' ]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}
