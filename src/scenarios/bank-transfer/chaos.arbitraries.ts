import fc from 'fast-check';
import { deposit, transfer, withdraw } from './requests';
import type { BankStep } from './runner';
import { ACCOUNTS, TRANSFERS } from './settings';

const accounts = [
  'alice-checking',
  'alice-savings',
  'bob-checking',
  'bob-savings',
  'carol-checking',
  'carol-savings',
];

const op = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('deposit' as const),
      a: fc.nat(5),
      amount: fc.integer({ min: 1, max: 120 }),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('withdraw' as const),
      a: fc.nat(5),
      amount: fc.integer({ min: 1, max: 120 }),
    }),
  },
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('transfer' as const),
      a: fc.nat(5),
      b: fc.nat(5),
      amount: fc.integer({ min: 1, max: 300 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constantFrom('kill' as const, 'revive' as const),
      service: fc.constantFrom(ACCOUNTS, TRANSFERS),
    }),
  },
);

/** A seeded schedule of requests, many at the same moment (gap 0), with kills and revivals. */
export const bankRun = fc.record({
  seed: fc.string({ minLength: 1, maxLength: 6 }),
  duplicateRate: fc.constantFrom(0, 0, 0.2),
  steps: fc
    .array(fc.record({ gap: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 200 })), op }), {
      maxLength: 24,
    })
    .map((raw) => {
      let at = 0;
      return raw.map(({ gap, op: o }, n): BankStep => {
        at += gap;
        const name = (i: number) => accounts[i] as string;
        switch (o.kind) {
          case 'deposit':
            return { at, request: deposit(n, name(o.a), o.amount) };
          case 'withdraw':
            return { at, request: withdraw(n, name(o.a), o.amount) };
          case 'transfer':
            return { at, request: transfer(n, name(o.a), name(o.b), o.amount) };
          case 'kill':
            return { at, kill: o.service };
          default:
            return { at, revive: o.service };
        }
      });
    }),
});
