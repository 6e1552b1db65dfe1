import { parseBenchArgs, usage } from './args';
import { runBrowserBench } from './browser/runBrowserBench';
import { runEngineBench } from './node/engineBench';
import { runImportBench } from './ui/runImportBench';
import { runSeekBench } from './ui/runSeekBench';
import { runUiBench } from './ui/runUiBench';

/**
 * `npm run bench -- [--node] [--browser]`: runs the chosen suites and prints ONE JSON object on stdout (the
 * suites' results merged, so each suite names its figures distinctly); progress goes to stderr.
 * Exit codes: 0 done, 1 a suite failed (a failed check is a failure, not a slow figure), 2 usage.
 */
const progress = (line: string): void => {
  process.stderr.write(`${line}\n`);
};

/** Add a suite here and it gets its flag. */
const suites: Readonly<Record<string, () => Promise<object>>> = {
  node: () => runEngineBench({ progress }),
  browser: () => runBrowserBench({ progress }),
  ui: () => runUiBench({ progress }),
  seek: () => runSeekBench({ progress }),
  import: () => runImportBench({ progress }),
};

async function main(): Promise<number> {
  const available = Object.keys(suites);
  const args = parseBenchArgs(process.argv.slice(2), available);
  if (args.kind === 'help') {
    process.stdout.write(`${usage(available)}\n`);
    return 0;
  }
  if (args.kind === 'error') {
    process.stderr.write(`${args.message}\n${usage(available)}\n`);
    return 2;
  }
  const result: Record<string, unknown> = {};
  for (const name of args.suites) {
    progress(`== ${name} ==`);
    Object.assign(result, await (suites[name] as () => Promise<object>)());
  }
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  return 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(
      `bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exitCode = 1;
  },
);
