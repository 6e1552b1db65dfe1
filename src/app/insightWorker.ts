/// <reference lib="webworker" />

import type { Message } from '../engine/message';
import { computeInsight } from './computeInsight';
import { applyDelta, type InsightPost, type InsightReply } from './insightProtocol';

/** The run's log as the page last described it (see LogDelta). */
const held: Message[] = [];

// Invariants, sagas and per-style metrics each take a pass over the whole log: here they cost the
// page no frames (bench/ui found them behind most long tasks when run on the main thread).
self.onmessage = (event: MessageEvent<InsightPost>) => {
  const { id, delta, ...request } = event.data;
  let reply: InsightReply;
  try {
    applyDelta(held, delta);
    reply = { id, insight: computeInsight({ ...request, log: held }) };
  } catch (error) {
    reply = { id, error: error instanceof Error ? error.message : String(error) };
  }
  self.postMessage(reply);
};
