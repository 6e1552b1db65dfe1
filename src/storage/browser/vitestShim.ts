import { chai, type ExpectStatic, JestAsymmetricMatchers, JestChaiExpect, JestExtend } from '@vitest/expect';

/*
 * Just enough of Vitest's API (`describe`, `it`, `expect`) to run a contract suite written for
 * Vitest inside a plain browser page: e2e/storage-contract.spec.ts bundles the suite with `vitest`
 * aliased to this file. `expect` is Vitest's own (@vitest/expect), so matchers behave the same.
 */

chai.use(JestExtend);
chai.use(JestChaiExpect);
chai.use(JestAsymmetricMatchers);

export const expect = ((value: unknown, message?: string) =>
  chai.expect(value, message)) as unknown as ExpectStatic;
Object.assign(expect, chai.expect);

export interface TestResult {
  readonly name: string;
  readonly ok: boolean;
  readonly error?: string;
  readonly ms: number;
}

const tests: { name: string; body: () => unknown }[] = [];
const prefix: string[] = [];

export function describe(name: string, body: () => void): void {
  prefix.push(name);
  try {
    body();
  } finally {
    prefix.pop();
  }
}

export function it(name: string, body: () => unknown): void {
  tests.push({ name: [...prefix, name].join(' > '), body });
}
export const test = it;

/** Runs every registered test in order; never throws, reports each test by name. */
export async function runRegisteredTests(): Promise<TestResult[]> {
  const results: TestResult[] = [];
  for (const { name, body } of tests) {
    const start = performance.now();
    try {
      await body();
      results.push({ name, ok: true, ms: performance.now() - start });
    } catch (error) {
      const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      results.push({ name, ok: false, error: text, ms: performance.now() - start });
    }
  }
  return results;
}
