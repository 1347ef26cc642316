/**
 * Price tables in and out as JSON or CSV, and in from LiteLLM's model_prices_and_context_window.json
 * format (LITELLM, see litellm-prices.ts). An import is checked whole before anything is written (a bad
 * row is refused naming the row and field) and applied in one transaction: MERGE adds and updates by
 * model name, REPLACE also deletes the entries the table does not list.
 */
import { Transaction } from 'sequelize';
import { z } from 'zod';
import type { ConfigChanges } from '../engine/state/config-changes.ts';
import { CsvError, formatCsv, parseCsv } from '../engine/usage/csv.ts';
import { LiteLlmFormatError, readLiteLlmPrices } from '../engine/usage/litellm-prices.ts';
import { InputError } from './input-error.ts';
import { optionalPriceFields } from '../ports/config-source.ts';
import { createModelCostSchema, unchargedPriceFields } from './model-cost-service.ts';
import { parseInput } from './parse-input.ts';
import type { DatabaseModels } from '../infrastructure/database/models/define-models.ts';
import { joinAdminTransaction } from '../infrastructure/database/admin-transactions.ts';

export type PriceTableFormat = 'JSON' | 'CSV';
export type PriceImportFormat = PriceTableFormat | 'LITELLM';
export type PriceImportMode = 'MERGE' | 'REPLACE';

export const priceColumns = ['model', 'inputPerMillion', 'outputPerMillion', ...optionalPriceFields, 'maxOutputTokens'] as const;

type PriceRow = z.infer<typeof createModelCostSchema>;

/** The prices LiteLLM's audio entries carry besides tokens. */
const audioPriceFields = ['audioInputPerMinute', 'audioOutputPerMinute', 'speechPerMillionCharacters', 'audioInputPerMillion', 'audioOutputPerMillion', 'cachedAudioInputPerMillion'] as const;

export interface PriceImportResult {
  created: number;
  updated: number;
  deleted: number;
  /** LITELLM: entries not read (not billed per token, or without an output price). */
  skipped: number;
}

const maxImportBytes = 5 * 1024 * 1024;
const maxRows = 50_000;

export class ModelCostTransferService {
  constructor(
    private readonly models: DatabaseModels,
    private readonly changes: ConfigChanges,
  ) {}

  async export(format: PriceTableFormat): Promise<string> {
    const records = await this.models.ModelCostRecord.findAll({ order: [['model', 'ASC']] });
    const rows = records.map((record) => priceColumns.map((column) => (record[column] ?? null) as string | number | null));
    if (format === 'CSV') return formatCsv([[...priceColumns], ...rows]);
    return `${JSON.stringify(
      rows.map((row) => Object.fromEntries(priceColumns.map((column, index) => [column, row[index]]))),
      null,
      2,
    )}\n`;
  }

  async import(input: { format: PriceImportFormat; data: string; mode: PriceImportMode }): Promise<PriceImportResult> {
    if (input.data.length > maxImportBytes) throw new InputError('input.data', `is larger than ${maxImportBytes / 1024 / 1024} MB`);
    let skipped = 0;
    let rows: Array<{ label: string; values: Record<string, unknown> }>;
    if (input.format === 'LITELLM') {
      const read = readLiteLlm(input.data);
      rows = read.rows;
      skipped = read.skipped;
    } else {
      rows = input.format === 'CSV' ? readCsv(input.data) : readJson(input.data);
    }
    if (rows.length > maxRows) throw new InputError('input.data', `has more than ${maxRows} rows`);
    const seen = new Map<string, number>();
    const prices = rows.map(({ label, values }) => {
      const price = parseInput(createModelCostSchema, values, `input.data.${label}`);
      const earlier = seen.get(price.model);
      if (earlier !== undefined) throw new InputError(`input.data.${label}.model`, `'${price.model}' is listed twice (also in row ${earlier})`);
      seen.set(price.model, Number(label.slice(3)) || 0);
      return price;
    });

    const sequelize = this.models.ModelCostRecord.sequelize!;
    // IMMEDIATE (SQLite; ignored by MariaDB): the transaction reads before it writes, and SQLite refuses
    // a read transaction's upgrade to a write at once (SQLITE_BUSY, no waiting) when another connection wrote meanwhile.
    const result = await sequelize.transaction({ type: Transaction.TYPES.IMMEDIATE, transaction: await joinAdminTransaction() }, async (transaction) => {
      const existing = new Map((await this.models.ModelCostRecord.findAll({ transaction })).map((record) => [record.model, record]));
      const counts: PriceImportResult = { created: 0, updated: 0, deleted: 0, skipped };
      for (const price of prices) {
        const values = recordValues(price);
        const record = existing.get(price.model);
        if (record) {
          record.set(values);
          await record.save({ transaction });
          counts.updated++;
        } else {
          await this.models.ModelCostRecord.create({ model: price.model, ...values }, { transaction });
          counts.created++;
        }
      }
      if (input.mode === 'REPLACE') {
        for (const [model, record] of existing) {
          if (seen.has(model)) continue;
          await record.destroy({ transaction });
          counts.deleted++;
        }
      }
      return counts;
    });
    await this.changes.committed({ entity: 'cost' });
    return result;
  }
}

function recordValues(price: PriceRow) {
  return {
    inputPerMillion: price.inputPerMillion,
    outputPerMillion: price.outputPerMillion,
    cachedInputPerMillion: price.cachedInputPerMillion ?? null,
    cacheWritePerMillion: price.cacheWritePerMillion ?? null,
    cacheWrite1hPerMillion: price.cacheWrite1hPerMillion ?? null,
    perImage: price.perImage ?? null,
    audioInputPerMinute: price.audioInputPerMinute ?? null,
    audioOutputPerMinute: price.audioOutputPerMinute ?? null,
    speechPerMillionCharacters: price.speechPerMillionCharacters ?? null,
    audioInputPerMillion: price.audioInputPerMillion ?? null,
    audioOutputPerMillion: price.audioOutputPerMillion ?? null,
    cachedAudioInputPerMillion: price.cachedAudioInputPerMillion ?? null,
    sessionPerMinute: price.sessionPerMinute ?? null,
    batchMultiplier: price.batchMultiplier ?? null,
    maxOutputTokens: price.maxOutputTokens ?? null,
  };
}

/** Rows are labelled `row<N>`, counting data rows from 1. */
function readJson(data: string): Array<{ label: string; values: Record<string, unknown> }> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(data);
  } catch (error) {
    throw new InputError('input.data', `is not valid JSON (${(error as Error).message})`);
  }
  if (!Array.isArray(parsed)) throw new InputError('input.data', 'must be a JSON array of price entries');
  return parsed.map((entry: unknown, index) => {
    const label = `row${index + 1}`;
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) throw new InputError(`input.data.${label}`, 'must be an object');
    for (const name of Object.keys(entry)) {
      if (!(priceColumns as readonly string[]).includes(name)) throw new InputError(`input.data.${label}.${name}`, `is not a price field (known: ${priceColumns.join(', ')})`);
    }
    return { label, values: entry as Record<string, unknown> };
  });
}

function readCsv(data: string): Array<{ label: string; values: Record<string, unknown> }> {
  let rows: ReturnType<typeof parseCsv>;
  try {
    rows = parseCsv(data);
  } catch (error) {
    if (error instanceof CsvError) throw new InputError(`input.data.line${error.line}`, error.message);
    throw error;
  }
  const header = rows.shift();
  if (!header) throw new InputError('input.data', 'is empty: the first line must name the columns');
  const columns = header.fields.map((name) => name.trim());
  for (const name of columns) {
    if (!(priceColumns as readonly string[]).includes(name)) throw new InputError(`input.data.column.${name}`, `is not a price column (known: ${priceColumns.join(', ')})`);
  }
  if (!columns.includes('model')) throw new InputError('input.data', "the header must have a 'model' column");
  for (const required of ['inputPerMillion', 'outputPerMillion']) {
    if (!columns.includes(required)) {
      throw new InputError(
        'input.data',
        `the header has no '${required}' column: every price needs its input and output prices (a missing price is never taken as free; write 0 for a free model)`,
      );
    }
  }
  return rows.map(({ line, fields }, index) => {
    const label = `row${index + 1}`;
    if (fields.length !== columns.length) {
      throw new InputError(`input.data.${label}`, `line ${line} has ${fields.length} fields; the header has ${columns.length}`);
    }
    const values: Record<string, unknown> = {};
    columns.forEach((column, position) => {
      const text = fields[position]!.trim();
      if (column === 'model') values.model = text;
      else if (text !== '') {
        const number = Number(text);
        if (!Number.isFinite(number)) throw new InputError(`input.data.${label}.${column}`, `'${text}' on line ${line} is not a number`);
        values[column] = number;
      }
    });
    return { label, values };
  });
}

/** Rows are labelled `row<N>` in the order of the file's token-priced entries; names the gateway cannot hold are skipped. */
function readLiteLlm(data: string): { rows: Array<{ label: string; values: Record<string, unknown> }>; skipped: number } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(data);
  } catch (error) {
    throw new InputError('input.data', `is not valid JSON (${(error as Error).message})`);
  }
  let read: ReturnType<typeof readLiteLlmPrices>;
  try {
    read = readLiteLlmPrices(parsed);
  } catch (error) {
    if (error instanceof LiteLlmFormatError) throw new InputError(error.entry ? `input.data.${error.entry}` : 'input.data', error.message);
    throw error;
  }
  let skipped = read.skipped;
  const rows: Array<{ label: string; values: Record<string, unknown> }> = [];
  for (const { tokenPricesImplied, ...price } of read.prices) {
    if (price.model.length > 255 || price.model.slice(0, -1).includes('*')) {
      skipped++;
      continue;
    }
    // A price the gateway does not charge yet is left out (the rest of the entry is still worth having);
    // an entry billed only by such prices is skipped, not taken as free.
    const values: Record<string, unknown> = { ...price };
    for (const field of unchargedPriceFields) delete values[field];
    if (tokenPricesImplied && !audioPriceFields.some((field) => values[field] != null)) {
      skipped++;
      continue;
    }
    rows.push({ label: `row${rows.length + 1}`, values });
  }
  return { rows, skipped };
}
