import { deleteDatabase } from '../../src/storage/openDatabase';
import { type Appender, dexieAppender, ourAppender, rawAppender } from './appenders';
import { populate, rebuildOurs, rebuildRaw } from './contenders';
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

type Figures<T extends string> = Record<T, number>;

let fresh = 0;
const freshName = (what: string) => `bench-${what}-${++fresh}`;

/** One warm-up (discarded), then `runs` repetitions; the median of each figure. */
async function medianOf<T extends string>(runs: number, label: string, once: () => Promise<Figures<T>>) {
  await once();
  const samples: Figures<T>[] = [];
  for (let rep = 0; rep < runs; rep++) {
    globalThis.gc?.();
    samples.push(await once());
    const last = Object.entries(samples.at(-1) ?? {}).map(([k, v]) => `${k}=${(v as number).toFixed(0)}`);
    console.log(`${label} ${rep + 1}/${runs}: ${last.join(' ')}`);
  }
  const keys = Object.keys(samples[0] ?? {}) as T[];
  return Object.fromEntries(keys.map((k) => [k, median(samples.map((s) => s[k]))])) as Figures<T>;
}

/**
 * One append repetition: three fresh databases, written batch by batch in turn (the order rotates
 * each batch), each contender's clock running only during its own batches.
 */
async function appendOnce(
  options: PageOptions,
  open: Record<'ours' | 'raw' | 'dexie', (name: string) => Promise<Appender>>,
) {
  const names = Object.keys(open) as (keyof typeof open)[];
  const dbs = names.map(() => freshName('append'));
  const writers = await Promise.all(names.map((n, i) => open[n](dbs[i] as string)));
  const elapsed = names.map(() => 0);
  const batches = Math.ceil(options.events / options.batch);
  for (let b = 0; b < batches; b++) {
    for (let k = 0; k < names.length; k++) {
      const i = (b + k) % names.length;
      const start = performance.now();
      await (writers[i] as Appender).write(b);
      elapsed[i] = (elapsed[i] as number) + performance.now() - start;
    }
  }
  const [ours] = await Promise.all(writers.map((w) => w.finish()));
  await Promise.all(dbs.map((name) => deleteDatabase(name)));
  const rates = Object.fromEntries(
    names.map((n, i) => [n, (options.events / (elapsed[i] as number)) * 1000]),
  );
  return { ...(rates as Figures<keyof typeof open>), commits: ours?.commits ?? 0 };
}

async function rebuildOnce(dbName: string, events: number, rep: { n: number }) {
  // Take turns going first: the second reader may find more of the database in the OS cache.
  const oursFirst = rep.n++ % 2 === 0;
  const ours = oursFirst ? await rebuildOurs(dbName, events) : undefined;
  globalThis.gc?.();
  const raw = await rebuildRaw(dbName, events);
  globalThis.gc?.();
  const last = ours ?? (await rebuildOurs(dbName, events));
  return { ours: last.ms, raw, index: last.indexMs };
}

async function run(options: PageOptions): Promise<Record<string, number | string>> {
  const messages = makeMessages(options.events);
  const records = toRecords(messages);
  const append = await medianOf(options.runs, 'append', () =>
    appendOnce(options, {
      ours: (name) => ourAppender(name, messages, options.batch),
      raw: (name) => rawAppender(name, records, options.batch),
      dexie: (name) => dexieAppender(name, records, options.batch),
    }),
  );

  const big = toRecords(makeMessages(options.rebuildEvents, 'old'));
  const rebuildDb = freshName('rebuild');
  await populate(rebuildDb, big);
  const rep = { n: 0 };
  const rebuild = await medianOf(options.runs, 'rebuild', () => rebuildOnce(rebuildDb, big.length, rep));
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
    rebuild_deferred_index_ms: round(rebuild.index, 1),
    browser_events: options.events,
    browser_batch: options.batch,
    browser_rebuild_events: options.rebuildEvents,
    browser_event_bytes: JSON.stringify(records[0]).length,
    browser_append_commits: append.commits,
    browser_runs: options.runs,
  };
}

window.eventscapeBench = { run };
