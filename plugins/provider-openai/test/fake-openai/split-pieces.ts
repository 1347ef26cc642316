/** Splits text into at most `count` non-empty pieces of similar length, never inside a code point. */
export function splitPieces(text: string, count: number): string[] {
  const points = Array.from(text);
  const parts = Math.max(1, Math.min(Math.floor(count), points.length));
  if (points.length === 0) return [];
  const pieces: string[] = [];
  for (let i = 0; i < parts; i++) {
    const start = Math.floor((i * points.length) / parts);
    const end = Math.floor(((i + 1) * points.length) / parts);
    pieces.push(points.slice(start, end).join(''));
  }
  return pieces;
}
