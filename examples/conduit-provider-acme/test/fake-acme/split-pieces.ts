/** Splits text into at most `count` non-empty pieces of similar length, never inside a code point. */
export function splitPieces(text: string, count: number): string[] {
  const points = Array.from(text);
  if (points.length === 0) return [];
  const parts = Math.max(1, Math.min(Math.floor(count), points.length));
  const pieces: string[] = [];
  for (let i = 0; i < parts; i++) {
    pieces.push(points.slice(Math.floor((i * points.length) / parts), Math.floor(((i + 1) * points.length) / parts)).join(''));
  }
  return pieces;
}
