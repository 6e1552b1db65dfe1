import { type BrokerFlavour, isBrokerFlavour } from '../engine/flavours';

/**
 * The run a URL asks for: `?scenario=order-saga&seed=42&mode=orchestration&speed=10`, with fault
 * settings riding along (`decline`, `dup`, `idempotency=off`, `outbox=off`, `lag`,
 * `versioncheck=off`), the broker's flavour (`broker=log|queue|sqs`), and what this tab
 * shows of it (`branch`, a guided `tour` and its `step`). A bad value is never silently dropped: it
 * is reported as a problem for the person, and its default is used.
 */
export interface RunSettings {
  readonly scenario: string;
  readonly seed: string;
  readonly speed: number;
  readonly mode: 'choreography' | 'orchestration';
  /** Payment decline rate, 0–1; `null` keeps the scenario's own. */
  readonly decline: number | null;
  /** Duplicate delivery rate, 0–1. */
  readonly dup: number;
  readonly idempotency: boolean;
  readonly outbox: boolean;
  /**
   * Optimistic concurrency's version check on the services that have one (the bank's Accounts);
   * `versioncheck=off` in the URL: last writer wins.
   */
  readonly versionCheck: boolean;
  /**
   * Schema evolution (`schema=v1`): the run starts with the old Order service, which writes
   * `OrderPlaced` v1 for its first orders, then v2 is rolled out. `v2`: current from the start.
   */
  readonly schema: 'v1' | 'v2';
  /** Read-model lag in virtual ms. */
  readonly lag: number;
  /** The broker's flavour (`broker=queue`): part of what the run is; `log` (Kafka-like) by default. */
  readonly broker: BrokerFlavour;
  /**
   * Which branch of the run this tab shows (`main` unless forked, issue 6). Not part of what the
   * run is: every branch of a run lives in the run's one database (see `databaseFor`).
   */
  readonly branch: string;
  /**
   * The guided tour on show (issue 7) and its step, 1-based. Not part of what the run is either:
   * `runUrl` leaves them out (so `databaseFor` does), `tourUrl` puts them in.
   */
  readonly tour: string | null;
  readonly step: number;
}

export const defaultSettings: RunSettings = {
  scenario: 'order-saga',
  seed: '42',
  speed: 1,
  mode: 'choreography',
  decline: null,
  dup: 0,
  idempotency: true,
  outbox: true,
  versionCheck: true,
  schema: 'v2',
  lag: 0,
  broker: 'log',
  branch: 'main',
  tour: null,
  step: 1,
};

export function parseRunUrl(
  search: string,
  scenarios: readonly string[],
  defaults: RunSettings = defaultSettings,
): { settings: RunSettings; problems: string[] } {
  const params = new URLSearchParams(search);
  const problems: string[] = [];
  const settings: { -readonly [K in keyof RunSettings]: RunSettings[K] } = { ...defaults };
  const known = new Set([
    'scenario',
    'seed',
    'speed',
    'mode',
    'decline',
    'dup',
    'idempotency',
    'outbox',
    'versioncheck',
    'schema',
    'lag',
    'broker',
    'branch',
    'tour',
    'step',
  ]);
  for (const key of params.keys())
    if (!known.has(key)) problems.push(`Unknown URL setting "${key}" was ignored.`);

  const scenario = params.get('scenario');
  if (scenario !== null) {
    if (scenarios.includes(scenario)) settings.scenario = scenario;
    else
      problems.push(
        `There is no scenario "${scenario}"; showing "${defaults.scenario}" (choose: ${scenarios.join(', ')}).`,
      );
  }
  const seed = params.get('seed');
  if (seed !== null) {
    if (/^[\w-]{1,64}$/.test(seed)) settings.seed = seed;
    else
      problems.push(
        `The seed "${seed.slice(0, 40)}" is not letters, digits, "-" or "_"; using ${defaults.seed}.`,
      );
  }
  const branch = params.get('branch');
  if (branch !== null) {
    if (/^[\w-]{1,64}$/.test(branch)) settings.branch = branch;
    else
      problems.push(`The branch "${branch.slice(0, 40)}" is not a branch name; showing ${defaults.branch}.`);
  }
  const tour = params.get('tour');
  if (tour !== null) {
    if (/^[\w-]{1,64}$/.test(tour)) settings.tour = tour;
    else problems.push(`The tour "${tour.slice(0, 40)}" is not a tour name; no tour is shown.`);
  }
  const step = params.get('step');
  if (step !== null) {
    if (/^\d{1,3}$/.test(step) && Number(step) >= 1) settings.step = Number(step);
    else problems.push(`"step" must be a whole number from 1, not "${step.slice(0, 40)}".`);
  }
  const mode = params.get('mode');
  if (mode !== null) {
    if (mode === 'choreography' || mode === 'orchestration') settings.mode = mode;
    else problems.push(`"mode" must be choreography or orchestration, not "${mode}".`);
  }
  const number = (
    key: 'speed' | 'decline' | 'dup' | 'lag',
    min: number,
    max: number,
    exclusiveMin = false,
  ) => {
    const raw = params.get(key);
    if (raw === null) return;
    const value = Number(raw);
    const ok =
      raw.trim() !== '' &&
      Number.isFinite(value) &&
      (exclusiveMin ? value > min : value >= min) &&
      value <= max;
    if (ok) settings[key] = value;
    else
      problems.push(
        `"${key}" must be a number from ${min}${exclusiveMin ? ' (exclusive)' : ''} to ${max}, not "${raw}".`,
      );
  };
  number('speed', 0, 1000, true);
  number('decline', 0, 1);
  number('dup', 0, 1);
  number('lag', 0, 3_600_000);
  const flag = (key: 'idempotency' | 'outbox') => {
    const raw = params.get(key);
    if (raw === null) return;
    if (raw === 'on' || raw === 'off') settings[key] = raw === 'on';
    else problems.push(`"${key}" must be on or off, not "${raw}".`);
  };
  flag('idempotency');
  flag('outbox');
  const versionCheck = params.get('versioncheck');
  if (versionCheck === 'on' || versionCheck === 'off') settings.versionCheck = versionCheck === 'on';
  else if (versionCheck !== null) problems.push(`"versioncheck" must be on or off, not "${versionCheck}".`);
  const schema = params.get('schema');
  if (schema === 'v1' || schema === 'v2') settings.schema = schema;
  else if (schema !== null) problems.push(`"schema" must be v1 or v2, not "${schema.slice(0, 40)}".`);
  const broker = params.get('broker');
  if (isBrokerFlavour(broker)) settings.broker = broker;
  else if (broker !== null)
    problems.push(`"broker" must be log, queue or sqs, not "${broker.slice(0, 40)}".`);
  return { settings, problems };
}

/** The query string that starts exactly this run (without the tour: see `tourUrl`). */
export function runUrl(settings: RunSettings): string {
  const params = new URLSearchParams({
    scenario: settings.scenario,
    seed: settings.seed,
    mode: settings.mode,
    speed: String(settings.speed),
  });
  if (settings.decline !== null) params.set('decline', String(settings.decline));
  if (settings.dup) params.set('dup', String(settings.dup));
  if (!settings.idempotency) params.set('idempotency', 'off');
  if (!settings.outbox) params.set('outbox', 'off');
  if (!settings.versionCheck) params.set('versioncheck', 'off');
  if (settings.schema !== 'v2') params.set('schema', settings.schema);
  if (settings.lag) params.set('lag', String(settings.lag));
  if (settings.broker !== 'log') params.set('broker', settings.broker);
  if (settings.branch !== defaultSettings.branch) params.set('branch', settings.branch);
  return `?${params}`;
}

/** The run's query string with the tour and step on show, so a reload comes back to them. */
export function tourUrl(settings: RunSettings): string {
  const run = runUrl(settings);
  if (settings.tour === null) return run;
  return `${run}&${new URLSearchParams({ tour: settings.tour, step: String(settings.step) })}`;
}
