import { describe, expect, it } from 'vitest';
import type { Message } from '../engine/message';
import { LogMirror } from './logMirror';

function message(position: number, correlationId = `c-${position % 3}`): Message {
  return {
    id: `m-${position}`,
    kind: 'event',
    type: 'Happened',
    schemaVersion: 1,
    source: position % 5 === 0 ? 'user' : 'svc',
    subject: 's',
    streamVersion: position,
    position,
    time: position * 10,
    correlationId,
    causationId: null,
    data: null,
  };
}

/** A live run whose log grows (or is rolled back) by hand; reads resolve like the real ones. */
function fakeRun() {
  let log: Message[] = [];
  const listeners = new Set<() => void>();
  return {
    subscribe(listener: () => void) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    sim: {
      get head() {
        return log.length;
      },
      log: {
        read: async (range: { from?: number } = {}) => log.slice((range.from ?? 1) - 1),
      },
    },
    set(messages: Message[]) {
      log = messages;
      for (const l of listeners) l();
    },
  };
}

const settle = () => new Promise((done) => setTimeout(done, 0));

describe('LogMirror', () => {
  it('keeps up with the log and views any prefix without copying it', async () => {
    const run = fakeRun();
    const mirror = new LogMirror(run);
    run.set([1, 2, 3, 4, 5, 6].map((p) => message(p)));
    await settle();
    expect(mirror.length).toBe(6);
    const view = mirror.view(4);
    expect(view).toBe(mirror.view(4));
    expect(view.length).toBe(4);
    expect(view.at(4)?.id).toBe('m-4');
    expect(view.at(5)).toBeUndefined();
    expect(view.find('m-2')?.position).toBe(2);
    expect(view.find('m-6')).toBeUndefined(); // beyond the view
    expect(view.findLast((m) => m.source === 'user')).toBeUndefined();
    expect(mirror.view(6).findLast((m) => m.source === 'user')?.position).toBe(5);
    expect(view.correlated('c-1').map((m) => m.position)).toEqual([1, 4]);
    expect(view.toArray().map((m) => m.position)).toEqual([1, 2, 3, 4]);
    expect(mirror.view(99).length).toBe(6); // no further than copied
  });

  it('tells its listeners when it grew, and indexes what came later too', async () => {
    const run = fakeRun();
    const mirror = new LogMirror(run);
    run.set([1, 2].map((p) => message(p)));
    await settle();
    expect(
      mirror
        .view(2)
        .correlated('c-1')
        .map((m) => m.position),
    ).toEqual([1]);
    let told = 0;
    mirror.subscribe(() => told++);
    run.set([1, 2, 3, 4].map((p) => message(p)));
    await settle();
    expect(told).toBe(1);
    expect(
      mirror
        .view(4)
        .correlated('c-1')
        .map((m) => m.position),
    ).toEqual([1, 4]);
    expect(mirror.view(4).find('m-4')?.position).toBe(4);
  });

  it('starts over when the log was rolled back and written anew', async () => {
    const run = fakeRun();
    const mirror = new LogMirror(run);
    run.set([1, 2, 3].map((p) => message(p)));
    await settle();
    run.set([1, 2].map((p) => message(p, 'other')));
    await settle();
    expect(mirror.length).toBe(2);
    expect(mirror.view(2).at(1)?.correlationId).toBe('other');
  });
});
