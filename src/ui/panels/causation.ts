import type { Message } from '../../engine/message';

/**
 * The causation chain of a message: what caused it (back to the person's action) and everything it
 * caused in turn. Built from `causationId` links only, so it shows exactly what the log records.
 */
export function causationChain(messages: readonly Message[], id: string): Set<string> {
  const byId = new Map(messages.map((m) => [m.id, m]));
  const children = new Map<string, string[]>();
  for (const m of messages) {
    if (m.causationId === null) continue;
    const list = children.get(m.causationId);
    if (list) list.push(m.id);
    else children.set(m.causationId, [m.id]);
  }
  const chain = new Set<string>();
  for (
    let at = byId.get(id);
    at && !chain.has(at.id);
    at = at.causationId ? byId.get(at.causationId) : undefined
  ) {
    chain.add(at.id);
  }
  const stack = [...(children.get(id) ?? [])];
  while (stack.length > 0) {
    const next = stack.pop() as string;
    if (chain.has(next)) continue;
    chain.add(next);
    stack.push(...(children.get(next) ?? []));
  }
  return chain;
}
