/**
 * How a fake splits streamed text (and a tool call's arguments) into ScriptedReply `pieces`: at most
 * `count` non-empty pieces of equal length but the last, in order, never inside a code point.
 */
export function splitPieces(text: string, count: number): string[] {
  const characters = Array.from(text);
  const parts = Math.max(1, Math.min(count, characters.length));
  const size = Math.ceil(characters.length / parts);
  const pieces: string[] = [];
  for (let start = 0; start < characters.length; start += size) pieces.push(characters.slice(start, start + size).join(''));
  return pieces;
}
