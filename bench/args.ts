/** Command-line parsing for `npm run bench`, kept apart from the runner so it can be tested. */

export type BenchArgs =
  | { readonly kind: 'run'; readonly suites: readonly string[] }
  | { readonly kind: 'help' }
  | { readonly kind: 'error'; readonly message: string };

/**
 * `--<suite>` selects a suite (several may be given); no flag selects every available suite.
 * Anything else is a usage error.
 */
export function parseBenchArgs(argv: readonly string[], available: readonly string[]): BenchArgs {
  const chosen: string[] = [];
  for (const arg of argv) {
    if (arg === '--help' || arg === '-h') return { kind: 'help' };
    const suite = arg.startsWith('--') ? arg.slice(2) : undefined;
    if (suite === undefined || !available.includes(suite)) {
      return { kind: 'error', message: `unknown argument "${arg}"` };
    }
    if (!chosen.includes(suite)) chosen.push(suite);
  }
  return { kind: 'run', suites: chosen.length > 0 ? chosen : [...available] };
}

export function usage(available: readonly string[]): string {
  const flags = available.map((s) => `[--${s}]`).join(' ');
  return [
    `usage: npm run bench -- ${flags}`,
    '  Runs the chosen suites (all of them when no flag is given) and prints one JSON object on stdout;',
    '  progress goes to stderr.',
  ].join('\n');
}
