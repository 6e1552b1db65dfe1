import type { Message, NewMessage } from '../../src/engine/message';
import type { EventRecord } from '../../src/storage/schema';

/** The order-saga event types the workload cycles through (so `by-type` has a realistic spread). */
const types = [
  'OrderPlaced',
  'InventoryReserved',
  'PaymentCompleted',
  'ShipmentScheduled',
  'OrderConfirmed',
  'EmailSent',
  'PaymentDeclined',
  'OrderCancelled',
] as const;

export interface BenchData {
  readonly orderId: string;
  readonly status: string;
  readonly amount: number;
  readonly sku: string;
  readonly qty: number;
  readonly note: string;
}

/**
 * `count` events of about 300 bytes of JSON each (envelope + data), over `count / 10` orders.
 * Built outside every timed region.
 */
export function makeMessages(count: number, prefix = 'evt'): NewMessage<string, BenchData>[] {
  const orders = Math.max(1, Math.floor(count / 10));
  const messages: NewMessage<string, BenchData>[] = [];
  for (let i = 0; i < count; i++) {
    const type = types[i % types.length] as string;
    const subject = `order-${i % orders}`;
    messages.push({
      id: `${prefix}-${i}`,
      kind: 'event',
      type,
      schemaVersion: 1,
      source: 'order',
      subject,
      time: i * 10,
      correlationId: subject,
      causationId: i === 0 ? null : `${prefix}-${i - 1}`,
      data: {
        orderId: subject,
        status: type,
        amount: (i % 100) + 1,
        sku: `SKU-${i % 50}`,
        qty: (i % 3) + 1,
        note: '',
      },
    });
  }
  // Pad the note so a stored record's JSON is ~300 bytes (the event size).
  const sample = JSON.stringify(toRecords(messages.slice(0, 1))[0]);
  const pad = 'x'.repeat(Math.max(0, 300 - sample.length));
  return messages.map((m) => ({ ...m, data: { ...m.data, note: pad } }));
}

/** The records our log stores for these messages on `main`: what the baselines write too. */
export function toRecords(messages: readonly NewMessage[], branch = 'main'): EventRecord[] {
  const versions = new Map<string, number>();
  return messages.map((m, i) => {
    const streamVersion = (versions.get(m.subject) ?? 0) + 1;
    versions.set(m.subject, streamVersion);
    return { ...m, position: i + 1, streamVersion, branch };
  });
}

/** "All projections" of the rebuild: three small folds over the whole log. */
export function foldAll(messages: readonly Message[]): { byType: number; statuses: number; revenue: number } {
  const byType = new Map<string, number>();
  const status = new Map<string, string>();
  let revenue = 0;
  for (const m of messages) {
    byType.set(m.type, (byType.get(m.type) ?? 0) + 1);
    const data = m.data as BenchData;
    status.set(m.subject, data.status);
    revenue += data.amount;
  }
  return { byType: byType.size, statuses: status.size, revenue };
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}
