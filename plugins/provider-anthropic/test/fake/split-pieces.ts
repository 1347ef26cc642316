/** Splits text into `count` pieces of about equal length, never inside a surrogate pair. */
export function splitPieces(text: string, count: number): string[] {
  const characters = Array.from(text);
  const parts = Math.max(1, Math.min(count, characters.length));
  const size = Math.ceil(characters.length / parts);
  const pieces: string[] = [];
  for (let start = 0; start < characters.length; start += size) pieces.push(characters.slice(start, start + size).join(''));
  return pieces;
}
