// Past campaign outcomes: one row per (campaign, customer) — who was contacted when, and what came of it.
import type { QueryRunner } from 'typeorm';
import { IdCache } from './id-cache.js';
import { RowReader, type ImporterContext, type KindImporter, type WriteContext } from './importer.types.js';
import type { SourceRow } from './import.types.js';
import { normalizeExternalId, ownCopy, parseDecimalMilli, parseFlag } from './values.js';
import { writeOutcomesBatch, type OutcomesBatch } from './outcomes.writer.js';

export class OutcomesImporter implements KindImporter<OutcomesBatch> {
  /** campaign \u0001 customer of every accepted row: a repeat is skipped, the first row wins. */
  private readonly keys = new Set<string>();
  private readonly customers = new Set<string>();
  private readonly campaigns = new Set<string>();
  private batch: OutcomesBatch = emptyBatch();
  private readonly ids = new IdCache();

  constructor(private readonly context: ImporterContext) {
    context.tally.skipped.duplicate_outcome ??= 0;
  }

  accept(row: SourceRow, write: boolean): void {
    const reader = new RowReader(this.context, row, write);
    if (!reader.checkWidth()) return;
    const customer = normalizeExternalId(reader.raw('customer_id'));
    if (customer === null) { reader.reject('missing_value', 'customer_id', `${reader.column('customer_id')} is empty`); return; }
    if (customer.length > 64) { reader.reject('bad_value', 'customer_id', 'longer than 64 characters'); return; }
    const campaign = reader.text('campaign_key', 64, true);
    if (campaign === undefined || campaign === null) return;
    const sentAt = reader.instant('sent_at', true);
    if (sentAt === undefined || sentAt === null) return;
    const flags: Record<'responded' | 'converted', boolean> = { responded: false, converted: false };
    for (const field of ['responded', 'converted'] as const) {
      const value = parseFlag(reader.raw(field));
      if (value === null) { reader.reject('bad_value', field, `not a yes/no value: "${reader.raw(field).slice(0, 20)}"`); return; }
      flags[field] = value;
    }
    // Without a treatment column every row is a contacted customer (the response model's labels);
    // with one, each row says its arm, and control rows train uplift models only.
    let treated = true;
    if (reader.has('treatment')) {
      const arm = parseArm(reader.raw('treatment'));
      if (arm === null) {
        const value = reader.raw('treatment').trim();
        if (value === '') reader.reject('missing_value', 'treatment', `${reader.column('treatment') ?? 'treatment'} is empty: write treatment or control`);
        else reader.reject('bad_value', 'treatment', `not treatment or control: "${value.slice(0, 20)}"`);
        return;
      }
      treated = arm;
    }
    const rawRevenue = reader.raw('revenue');
    const revenueMilli = rawRevenue.trim() === '' ? 0 : parseDecimalMilli(rawRevenue, this.context.delimiter !== null && this.context.delimiter !== ',');
    if (revenueMilli === null) { reader.reject('bad_number', 'revenue', `not a decimal number: "${rawRevenue.slice(0, 40)}"`); return; }
    if (revenueMilli < 0) { reader.reject('bad_number', 'revenue', 'revenue is negative'); return; }

    const key = `${campaign}\u0001${customer}`;
    if (this.keys.has(key)) { reader.skip('duplicate_outcome', 'campaign_key', 'same campaign and customer as an earlier row'); return; }
    this.keys.add(ownCopy(key));
    this.context.tally.imported();
    this.campaigns.add(ownCopy(campaign));
    if (!this.customers.has(customer)) {
      this.customers.add(ownCopy(customer));
      if (write) this.batch.customers.push(customer);
    }
    // A conversion is a response too, whatever the responded column says.
    if (write) this.batch.outcomes.push({ campaign, customer, sentAt, responded: flags.responded || flags.converted, converted: flags.converted, revenueMilli, treated });
  }

  takeBatch(): OutcomesBatch {
    const batch = this.batch;
    this.batch = emptyBatch();
    return batch;
  }

  writeBatch(runner: QueryRunner, batch: OutcomesBatch, context: WriteContext): Promise<void> {
    return writeOutcomesBatch(runner, batch, context, this.ids);
  }

  totals(): Record<string, number | string> {
    return { outcomes: this.context.tally.rowsImported, customers: this.customers.size, campaigns: this.campaigns.size };
  }
}

const emptyBatch = (): OutcomesBatch => ({ customers: [], outcomes: [] });

const TREATED_WORDS = new Set(['treatment', 'treated', 'contacted', 'sent', '1', 'true', 'yes']);
const CONTROL_WORDS = new Set(['control', 'holdout', 'held out', 'not sent', '0', 'false', 'no']);

/** A row's arm: true = treatment (contacted), false = control (held out), null = neither. */
export function parseArm(raw: string): boolean | null {
  const text = raw.trim().toLowerCase();
  if (TREATED_WORDS.has(text)) return true;
  if (CONTROL_WORDS.has(text)) return false;
  return null;
}
