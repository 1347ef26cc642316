/**
 * Finds the price for a model: an exact entry first, then the longest matching prefix entry
 * (`gpt-4o*`). Lookups try the public model name, then the provider's model name; a table with a
 * fallback (the built-in catalogue behind the admin's prices) asks it only when none of its own
 * entries matches any name.
 */
import type { StoredModelCost } from '../../ports/config-source.ts';

/** A stored price under the entry that matched (`pattern`, e.g. `gpt-4o*`). */
export type ModelPrice = Omit<StoredModelCost, 'model' | 'maxOutputTokens'> & {
  pattern: string;
  maxOutputTokens?: number | null;
  /** From the built-in catalogue, not an admin's price. */
  builtin?: boolean;
};

export class PriceTable {
  private readonly exact = new Map<string, ModelPrice>();
  private readonly prefixes: Array<{ prefix: string; price: ModelPrice }>;

  constructor(
    prices: readonly ModelPrice[],
    private readonly fallback?: PriceTable,
  ) {
    const prefixes: Array<{ prefix: string; price: ModelPrice }> = [];
    for (const price of prices) {
      if (price.pattern.endsWith('*')) prefixes.push({ prefix: price.pattern.slice(0, -1), price });
      else this.exact.set(price.pattern, price);
    }
    this.prefixes = prefixes.sort((a, b) => b.prefix.length - a.prefix.length);
  }

  find(...names: Array<string | undefined>): ModelPrice | undefined {
    for (const name of names) {
      if (name === undefined) continue;
      const exact = this.exact.get(name);
      if (exact) return exact;
      for (const { prefix, price } of this.prefixes) if (name.startsWith(prefix)) return price;
    }
    return this.fallback?.find(...names);
  }
}
