import { describe, expect, it } from 'vitest';
import { describeRow } from './ReadModelsPanel';

describe('a read model row', () => {
  it('leaves out the field that only repeats its key', () => {
    const row = { orderId: 'order-1', status: 'Confirmed', items: [{ sku: 'RED' }] };
    expect(describeRow('order-1', row)).toBe('status Confirmed · items [{"sku":"RED"}]');
    expect(describeRow('order-2', { ...row })).toBe(
      'orderId order-1 · status Confirmed · items [{"sku":"RED"}]',
    );
  });

  it('shows plain values and lists as they are', () => {
    expect(describeRow('total', 1500)).toBe('1500');
    expect(describeRow('skus', ['RED', 'BLUE'])).toBe('RED, BLUE');
  });
});
