import { describe, expect, it } from 'vitest';
import { createActor } from 'xstate';
import { playbackMachine } from './playbackMachine';

const start = () => createActor(playbackMachine).start();

describe('playbackMachine', () => {
  it('dragging the timeline leaves live mode; Go live returns to playing', () => {
    const actor = start();
    actor.send({ type: 'timeline.seek', position: 12 });
    expect(actor.getSnapshot().value).toBe('scrubbing');
    actor.send({ type: 'timeline.seek', position: 11 });
    expect(actor.getSnapshot().context).toEqual({ position: 11, resume: true });
    actor.send({ type: 'timeline.wentLive' });
    expect(actor.getSnapshot().value).toBe('live');
  });

  it('a run paused before scrubbing stays paused after Go live; Play while scrubbing goes live', () => {
    const actor = start();
    actor.send({ type: 'run.paused' });
    actor.send({ type: 'timeline.seek', position: 3 });
    actor.send({ type: 'timeline.wentLive' });
    expect(actor.getSnapshot().value).toBe('paused');
    actor.send({ type: 'timeline.seek', position: 2 });
    actor.send({ type: 'run.played' });
    expect(actor.getSnapshot().value).toBe('live');
  });
});
