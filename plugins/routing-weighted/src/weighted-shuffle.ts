/**
 * A random order where each item comes first with a probability proportional to its weight, then
 * the next among the rest, and so on. Zero-weight items come last, in their given order.
 */
export function weightedShuffle<T extends { weight: number }>(items: readonly T[], random: () => number): T[] {
  const remaining = items.filter((item) => item.weight > 0);
  const zero = items.filter((item) => !(item.weight > 0));
  const out: T[] = [];
  let total = remaining.reduce((sum, item) => sum + item.weight, 0);
  while (remaining.length > 0) {
    let pick = random() * total;
    let index = remaining.findIndex((item) => (pick -= item.weight) < 0);
    if (index === -1) index = remaining.length - 1;
    const [chosen] = remaining.splice(index, 1);
    total -= chosen!.weight;
    out.push(chosen!);
  }
  return out.concat(zero);
}
