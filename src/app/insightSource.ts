import type { Message } from '../engine/message';
import type { SimulationSnapshot } from '../engine/simulation';
import { computeInsight } from './computeInsight';
import { deltaFor, type Insight, type InsightReply, type InsightRequest } from './insightProtocol';
import type { SnapshotSource } from './throttledSource';

/**
 * Derives the panels' whole-log figures in a Web Worker, one moment at a time: while one is being
 * computed, only the newest moment asked for waits (older ones are dropped). Without Worker support
 * it computes on the page instead.
 */
export interface InsightSource extends SnapshotSource<Insight | null> {
  /** Asks for the figures of this moment (a log and the snapshot at its head). */
  ask(log: readonly Message[], snapshot: SimulationSnapshot): void;
  close(): void;
}

export function createInsightSource(scenario: string, decline: number | null): InsightSource {
  let current: Insight | null = null;
  const listeners = new Set<() => void>();
  let worker: Worker | null = null;
  try {
    worker = new Worker(new URL('./insightWorker.ts', import.meta.url), { type: 'module' });
  } catch {
    worker = null;
  }
  let nextId = 1;
  let busy = false;
  let waiting: Omit<InsightRequest, 'id'> | null = null;
  const publish = (insight: Insight) => {
    current = insight;
    for (const l of listeners) l();
  };
  /** The log the worker holds (posted as changes to it, never whole again). */
  let sent: readonly Message[] = [];
  const send = (request: Omit<InsightRequest, 'id'>) => {
    if (!worker) return publish(computeInsight(request));
    busy = true;
    const { log, snapshot, ...rest } = request;
    const delta = deltaFor(sent, log);
    sent = log;
    // The services' live states are not needed for the figures and would be copied whole.
    const services = snapshot.services.map((s) => ({ ...s, state: null }));
    worker.postMessage({ id: nextId++, ...rest, snapshot: { ...snapshot, services }, delta });
  };
  if (worker) {
    worker.onmessage = (event: MessageEvent<InsightReply>) => {
      busy = false;
      if ('insight' in event.data) publish(event.data.insight);
      else console.error(`Insight failed: ${event.data.error}`);
      if (waiting) {
        const next = waiting;
        waiting = null;
        send(next);
      }
    };
  }
  return {
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    getSnapshot: () => current,
    ask(log, snapshot) {
      const request = { scenario, decline, log, snapshot };
      if (busy) waiting = request;
      else send(request);
    },
    close() {
      worker?.terminate();
    },
  };
}
