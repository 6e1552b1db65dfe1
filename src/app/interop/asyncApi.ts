import type { Catalog } from '../../engine/catalog';
import { PERSON, type Topology } from '../topology';

/**
 * The scenario's topology as an AsyncAPI 3.0 document (JSON): one channel per message type (its
 * address is the type, as a topic or a queue), the message in `components`, and per service a
 * `send` operation for each type it produces and a `receive` operation for each it consumes.
 */
export function toAsyncApi(name: string, catalog: Catalog, topology: Topology): object {
  const channels: Record<string, object> = {};
  const messages: Record<string, object> = {};
  const operations: Record<string, object> = {};
  const used = new Set(topology.edges.flatMap((e) => e.types));
  for (const type of [...used].sort()) {
    const spec = catalog[type];
    messages[type] = {
      name: type,
      title: type,
      ...(spec?.description ? { summary: spec.description } : {}),
      contentType: 'application/json',
      payload: { type: 'object' },
      'x-eventscape-kind': spec?.kind ?? 'event',
      'x-eventscape-schema-version': spec?.schemaVersion ?? 1,
    };
    channels[type] = {
      address: type,
      messages: { [type]: { $ref: `#/components/messages/${type}` } },
    };
  }
  const add = (service: string, action: 'send' | 'receive', type: string) => {
    const id = `${service}_${action}_${type}`;
    if (operations[id]) return;
    operations[id] = {
      action,
      channel: { $ref: `#/channels/${type}` },
      messages: [{ $ref: `#/channels/${type}/messages/${type}` }],
      tags: [{ name: service === PERSON ? 'person' : service }],
    };
  };
  for (const edge of topology.edges) {
    for (const type of edge.types) {
      add(edge.source, 'send', type);
      add(edge.target, 'receive', type);
    }
  }
  return {
    asyncapi: '3.0.0',
    info: {
      title: `Eventscape: ${name}`,
      version: '1.0.0',
      description: 'Exported from the Eventscape playground.',
    },
    defaultContentType: 'application/json',
    channels,
    operations,
    components: { messages },
  };
}
