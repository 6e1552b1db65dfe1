import { deleteDatabase } from '../../src/storage/openDatabase';
import { appendDexie, appendOurs, appendRaw, populate, rebuildOurs, rebuildRaw } from './contenders';
import { makeMessages, median, toRecords } from './workload';

/** What the Node side passes in (see runBrowserBench.ts). */
export interface PageOptions {
  readonly events: number;
  readonly runs: number;
  readonly batch: number;
  readonly rebuildEvents: number;
}

declare global {
  interface Window {
    eventscapeBench: { run(options: PageOptions): Promise<Record<string, number | string>> };
  }
}

let fresh = 0;
const freshName = (what: string) => `bench-${what}-${++fresh}`;

/** Runs `cases` `runs` times, rotating who goes first each repetition; median per case. */
async function interleaved<T extends string>(
  cases: Readonly<Record<T, () => Promise<number>>>,
  runs: number,
): Promise<Record<T, number>> {
  const names = Object.keys(cases) as T[];
  const samples = new Map<T, number[]>(names.map((n) => [n, []]));
  for (const name of names) await cases[name](); // warm-up, discarded
  for (let rep = 0; rep < runs; rep++) {
    for (let k = 0; k < names.length; k++) {
      const name = names[(rep + k) % names.length] as T;
      globalThis.gc?.();
      samples.get(name)?.push(await cases[name]());
    }
    console.log(`rep ${rep + 1}/${runs}: ${names.map((n) => `${n}=${samples.get(n)?.at(-1)?.toFixed(0)}`).join(' ')}`);
  }
  return Object.fromEntries(names.map((n) => [n, median(samples.get(n) ?? [])])) as Record<T, number>;
}

async function run(options: PageOptions): Promise<Record<string, number | string>> {
  const messages = makeMessages(options.events);
  const records = toRecords(messages);
  let commits = 0;
  const withFreshDb = (write: (name: string) => Promise<{ perSecond: number; commits?: number }>) => async () => {
    const name = freshName('append');
    const sample = await write(name);
    commits = sample.commits ?? commits;
    await deleteDatabase(name);
    return sample.perSecond;
  };
  const append = await interleaved(
    {
      ours: withFreshDb((name) => appendOurs(name, messages, options.batch)),
      raw: withFreshDb((name) => appendRaw(name, records, options.batch)),
      dexie: withFreshDb((name) => appendDexie(name, records, options.batch)),
    },
    options.runs,
  );

  const big = toRecords(makeMessages(options.rebuildEvents, 'old'));
  const rebuildDb = freshName('rebuild');
  await populate(rebuildDb, big);
  const rebuild = await interleaved(
    {
      ours: () => rebuildOurs(rebuildDb, big.length),
      raw: () => rebuildRaw(rebuildDb, big.length),
    },
    options.runs,
  );
  await deleteDatabase(rebuildDb);

  const round = (x: number, digits = 3) => Number(x.toFixed(digits));
  return {
    idb_append_per_s: Math.round(append.ours),
    raw_idb_put_per_s: Math.round(append.raw),
    dexie_bulkadd_per_s: Math.round(append.dexie),
    rebuild_100k_ms: round(rebuild.ours, 1),
    raw_getall_fold_100k_ms: round(rebuild.raw, 1),
    append_ratio_vs_raw: round(append.ours / append.raw),
    append_ratio_vs_dexie: round(append.ours / append.dexie),
    rebuild_ratio: round(rebuild.ours / rebuild.raw),
    browser_events: options.events,
    browser_batch: options.batch,
    browser_rebuild_events: options.rebuildEvents,
    browser_event_bytes: JSON.stringify(records[0]).length,
    browser_append_commits: commits,
    browser_runs: options.runs,
  };
}

window.eventscapeBench = { run };
