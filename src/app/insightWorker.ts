/// <reference lib="webworker" />
import { computeInsight } from './computeInsight';
import type { InsightReply, InsightRequest } from './insightProtocol';

// Invariants, sagas and per-style metrics each take a pass over the whole log: here they cost the
// page no frames (bench/ui found them behind most long tasks when run on the main thread).
self.onmessage = (event: MessageEvent<InsightRequest>) => {
  const { id, ...request } = event.data;
  let reply: InsightReply;
  try {
    reply = { id, insight: computeInsight(request) };
  } catch (error) {
    reply = { id, error: error instanceof Error ? error.message : String(error) };
  }
  self.postMessage(reply);
};
