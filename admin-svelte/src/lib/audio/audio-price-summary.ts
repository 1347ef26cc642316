/** A price entry's audio prices in one short line for the prices table ("" when it has none). */
export interface AudioPrices {
  audioInputPerMinute?: number | null;
  audioOutputPerMinute?: number | null;
  speechPerMillionCharacters?: number | null;
  audioInputPerMillion?: number | null;
  audioOutputPerMillion?: number | null;
  cachedAudioInputPerMillion?: number | null;
  sessionPerMinute?: number | null;
}

const dollars = (value: number): string => `$${Number(value.toPrecision(6))}`;

export function audioPriceSummary(prices: AudioPrices): string {
  const parts: string[] = [];
  if (prices.audioInputPerMinute != null) parts.push(`${dollars(prices.audioInputPerMinute)}/min in`);
  if (prices.audioOutputPerMinute != null) parts.push(`${dollars(prices.audioOutputPerMinute)}/min out`);
  if (prices.speechPerMillionCharacters != null) parts.push(`${dollars(prices.speechPerMillionCharacters)}/1M chars`);
  const tokens = [
    prices.audioInputPerMillion != null && `${dollars(prices.audioInputPerMillion)} in`,
    prices.cachedAudioInputPerMillion != null && `${dollars(prices.cachedAudioInputPerMillion)} cached`,
    prices.audioOutputPerMillion != null && `${dollars(prices.audioOutputPerMillion)} out`,
  ].filter(Boolean);
  if (tokens.length) parts.push(`audio tokens ${tokens.join(' / ')} per 1M`);
  if (prices.sessionPerMinute != null) parts.push(`${dollars(prices.sessionPerMinute)}/session min`);
  return parts.join(' · ');
}
