import { BROKER_FLAVOURS, type BrokerFlavour } from '../engine/flavours';
import { scenarios } from '../scenarios';

export type Mode = 'choreography' | 'orchestration';
export type Faults = 'none' | 'chaos';
export type Store = 'memory' | 'idb';

export interface SimOptions {
  readonly scenario: string;
  readonly orders: number;
  readonly seed: string;
  readonly json: boolean;
  /** The order saga's coordination style. */
  readonly mode: Mode;
  readonly faults: Faults;
  readonly idempotency: boolean;
  readonly outbox: boolean;
  readonly store: Store;
  /** The broker's flavour: log (Kafka-like), queue (RabbitMQ-like) or sqs (SNS/SQS-like). */
  readonly broker: BrokerFlavour;
}

/** Flags that only the order saga understands. */
const SAGA_ONLY = ['--mode', '--faults'];

export const usage = `Usage: npm run sim -- [--scenario NAME] [--mode MODE] [--orders N] [--seed S]
                      [--faults none|chaos] [--no-idempotency] [--no-outbox] [--store memory|idb]
                      [--broker log|queue|sqs] [--json]

  --scenario NAME    one of: ${Object.keys(scenarios).join(', ')} (default: shop)
  --mode MODE        order-saga only: choreography or orchestration (default: choreography)
  --orders N         business transactions to start, a whole number ≥ 0 (default: 10)
  --seed S           seed for every random choice (default: 1)
  --faults F         order-saga only: none, or chaos — seeded kills, revivals, duplicates, delays and
                     failures, then every service recovers and the system drains (default: none)
  --no-idempotency   services handle a redelivered message again (watch a customer get charged twice)
  --no-outbox        services commit, then publish: a crash in between loses the publish
  --store STORE      memory, or idb (the IndexedDB log, over fake-indexeddb) (default: memory)
  --broker B         log (Kafka-like: retained, replayable), queue (RabbitMQ-like: gone once acked,
                     nacks requeue), or sqs (SNS/SQS-like: visibility timeout, redrive) (default: log)
  --json             print one JSON object (default: a short summary)

Exit status: 0 all invariants hold, 1 an invariant is violated, 2 bad input.`;

/** Parses the CLI's arguments; a problem comes back as a message for the person, never a throw. */
export function parseSimArgs(argv: readonly string[]): { options: SimOptions } | { error: string } {
  const options = {
    scenario: 'shop',
    orders: 10,
    seed: '1',
    json: false,
    mode: 'choreography' as Mode,
    faults: 'none' as Faults,
    idempotency: true,
    outbox: true,
    store: 'memory' as Store,
    broker: 'log' as BrokerFlavour,
  };
  const given = new Set<string>();
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i] as string;
    const value = argv[i + 1];
    const text = value === undefined || value.startsWith('--') ? null : value;
    const choose = <T extends string>(choices: readonly T[]): T | { error: string } => {
      if (text !== null && (choices as readonly string[]).includes(text)) return text as T;
      return {
        error: `${flag} needs one of: ${choices.join(', ')}${text === null ? '' : `, not "${text}"`}`,
      };
    };
    given.add(flag);
    switch (flag) {
      case '--json':
        options.json = true;
        continue;
      case '--no-idempotency':
        options.idempotency = false;
        continue;
      case '--no-outbox':
        options.outbox = false;
        continue;
      case '--scenario':
        if (text === null) return { error: '--scenario needs a name' };
        if (!Object.hasOwn(scenarios, text)) {
          return { error: `unknown scenario "${text}"; choose one of: ${Object.keys(scenarios).join(', ')}` };
        }
        options.scenario = text;
        break;
      case '--orders': {
        const n = text === null ? Number.NaN : Number(text);
        if (!Number.isInteger(n) || n < 0)
          return { error: `--orders needs a whole number ≥ 0, not "${text ?? ''}"` };
        options.orders = n;
        break;
      }
      case '--seed':
        if (text === null) return { error: '--seed needs a value' };
        options.seed = text;
        break;
      case '--mode': {
        const mode = choose(['choreography', 'orchestration'] as const);
        if (typeof mode !== 'string') return mode;
        options.mode = mode;
        break;
      }
      case '--faults': {
        const faults = choose(['none', 'chaos'] as const);
        if (typeof faults !== 'string') return faults;
        options.faults = faults;
        break;
      }
      case '--store': {
        const store = choose(['memory', 'idb'] as const);
        if (typeof store !== 'string') return store;
        options.store = store;
        break;
      }
      case '--broker': {
        const broker = choose(BROKER_FLAVOURS);
        if (typeof broker !== 'string') return broker;
        options.broker = broker;
        break;
      }
      default:
        return { error: `unknown option "${flag}"` };
    }
    i++;
  }
  const misplaced = SAGA_ONLY.find((flag) => given.has(flag));
  if (misplaced && options.scenario !== 'order-saga') {
    return { error: `${misplaced} applies to --scenario order-saga only` };
  }
  return { options };
}
