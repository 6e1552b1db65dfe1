import { scenarios } from '../scenarios';

export interface SimOptions {
  readonly scenario: string;
  readonly orders: number;
  readonly seed: string;
  readonly json: boolean;
}

export const usage = `Usage: npm run sim -- [--scenario NAME] [--orders N] [--seed S] [--json]

  --scenario NAME  one of: ${Object.keys(scenarios).join(', ')} (default: shop)
  --orders N       business transactions to start, a whole number ≥ 0 (default: 10)
  --seed S         seed for every random choice (default: 1)
  --json           print one JSON object (default: a short summary)`;

/** Parses the CLI's arguments; a problem comes back as a message for the person, never a throw. */
export function parseSimArgs(argv: readonly string[]): { options: SimOptions } | { error: string } {
  const options = { scenario: 'shop', orders: 10, seed: '1', json: false };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i] as string;
    const value = argv[i + 1];
    const needValue = (): string | null => (value === undefined || value.startsWith('--') ? null : value);
    switch (flag) {
      case '--json':
        options.json = true;
        break;
      case '--scenario': {
        const name = needValue();
        if (name === null) return { error: '--scenario needs a name' };
        if (!Object.hasOwn(scenarios, name)) {
          return { error: `unknown scenario "${name}"; choose one of: ${Object.keys(scenarios).join(', ')}` };
        }
        options.scenario = name;
        i++;
        break;
      }
      case '--orders': {
        const text = needValue();
        const n = text === null ? Number.NaN : Number(text);
        if (!Number.isInteger(n) || n < 0)
          return { error: `--orders needs a whole number ≥ 0, not "${text ?? ''}"` };
        options.orders = n;
        i++;
        break;
      }
      case '--seed': {
        const seed = needValue();
        if (seed === null) return { error: '--seed needs a value' };
        options.seed = seed;
        i++;
        break;
      }
      default:
        return { error: `unknown option "${flag}"` };
    }
  }
  return { options };
}
