import { builder } from '../builder.ts';
import { priceColumns, type PriceImportResult } from '../../../services/model-cost-transfer-service.ts';

const PriceTableFormatEnum = builder.enumType('PriceTableFormat', { values: ['JSON', 'CSV'] as const });

const PriceImportFormatEnum = builder.enumType('PriceImportFormat', {
  values: {
    JSON: { description: 'A JSON array of entries, as exportModelCosts(format: JSON) writes.' },
    CSV: { description: 'CSV with a header line, as exportModelCosts(format: CSV) writes. The input and output columns are required.' },
    LITELLM: {
      description:
        "LiteLLM's model_prices_and_context_window.json: per-token prices of chat, completion and embedding entries; other entries are skipped, as are chat entries without an output price.",
    },
  },
});

const PriceImportModeEnum = builder.enumType('PriceImportMode', {
  values: {
    MERGE: { description: 'Add new entries; an entry for a model already priced replaces it whole; other entries stay.' },
    REPLACE: { description: 'Make the price table exactly the imported one: entries it does not list are deleted.' },
  },
});

const PriceImportResultType = builder.objectRef<PriceImportResult>('PriceImportResult').implement({
  fields: (t) => ({
    created: t.exposeInt('created'),
    updated: t.exposeInt('updated'),
    deleted: t.exposeInt('deleted'),
    skipped: t.exposeInt('skipped', { description: 'LITELLM entries not imported: not billed per token, without an output price, or a name too long.' }),
  }),
});

const ImportModelCostsInput = builder.inputType('ImportModelCostsInput', {
  fields: (t) => ({
    format: t.field({ type: PriceImportFormatEnum, required: true }),
    data: t.string({
      required: true,
      description: `A JSON array of entries, CSV with a header line, or a LiteLLM price file. Fields/columns: ${priceColumns.join(', ')}; inputPerMillion and outputPerMillion are required (0 for free); the rest, empty, means not priced.`,
    }),
    mode: t.field({ type: PriceImportModeEnum, defaultValue: 'MERGE' }),
  }),
});

builder.queryField('exportModelCosts', (t) =>
  t.string({
    description: 'The whole price table as JSON or CSV, in the format importModelCosts reads.',
    args: { format: t.arg({ type: PriceTableFormatEnum, required: true }) },
    resolve: (_root, args, { services }) => services.costTransfer.export(args.format),
  }),
);

builder.mutationField('importModelCosts', (t) =>
  t.field({
    type: PriceImportResultType,
    description: 'Imports a price table. Checked whole first: a row that does not parse is refused, naming the row and field, and nothing changes.',
    args: { input: t.arg({ type: ImportModelCostsInput, required: true }) },
    resolve: (_root, { input }, { services }) => services.costTransfer.import({ format: input.format, data: input.data, mode: input.mode ?? 'MERGE' }),
  }),
);
