/**
 * The plugin's options from the gateway's plugins.json: `{ "region": "eu" }`. They apply to every
 * Acme provider the gateway serves (per-provider settings belong in `optionsSchema` instead).
 */
export const acmeRegions = ['us', 'eu'] as const;
export type AcmeRegion = (typeof acmeRegions)[number];

export interface AcmePluginOptions {
  /** Where Acme processes and keeps the data: sent as `Acme-Region` on every request. */
  region: AcmeRegion;
}

/** The plugin's `parseOptions`: the registry shows the thrown message, naming the plugin. */
export function parseAcmePluginOptions(raw: unknown): AcmePluginOptions {
  if (raw === undefined || raw === null) return { region: 'us' };
  if (typeof raw !== 'object' || Array.isArray(raw)) throw new Error('options must be an object');
  const { region = 'us', ...unknown } = raw as Record<string, unknown>;
  const extra = Object.keys(unknown);
  if (extra.length > 0) throw new Error(`unknown option ${extra.map((name) => `"${name}"`).join(', ')} (known: "region")`);
  if (!acmeRegions.includes(region as AcmeRegion)) {
    throw new Error(`region must be one of ${acmeRegions.map((name) => `"${name}"`).join(', ')} (got ${JSON.stringify(region)})`);
  }
  return { region: region as AcmeRegion };
}
