import { canReverse } from '../../app/reversal';
import { useBranches } from '../branches/useBranches';
import { usePlayground, useShowingPast, useStorageReadOnly, useUi } from '../PlaygroundContext';
import { useLog } from '../useLog';

/**
 * The message picked in the event log (or a saga's steps): what it is, and the two what-ifs of
 * issue 6 — a branch that replays the run without it, and reversing it on this branch. Both open
 * the branch diff with the difference they made.
 */
export function MessageInspector() {
  const { branches, scenario } = usePlayground();
  const view = useBranches();
  const id = useUi((s) => s.selectedMessage);
  const log = useLog();
  const scrubbing = useShowingPast();
  const readOnly = useStorageReadOnly();
  const message = id === null ? undefined : log.find(id);
  if (!message) return null;
  const busy = view?.busy ?? false;
  const reversible = canReverse(scenario, message);
  return (
    <section className="message-inspector" aria-label="Message">
      <h3>
        #{message.position} {message.type}
      </h3>
      <p className="message-meta">
        {message.kind} from {message.source} on {message.subject}
      </p>
      <div className="message-actions">
        <button
          type="button"
          disabled={!branches || readOnly || busy}
          title="A new branch where this message was never produced: the run is re-run from just before it, with every later action of yours, and compared with this branch"
          onClick={() => branches?.replayWithout(message.id).catch(() => {})}
        >
          Replay without this event
        </button>
        <button
          type="button"
          disabled={!branches || readOnly || busy || scrubbing || !reversible}
          title={
            !reversible
              ? 'Only a stock reservation or a payment has a compensating step'
              : scrubbing
                ? 'Go live to reverse it on this branch'
                : 'Send the compensating command (a refund, a release) on this branch, and show what changed'
          }
          onClick={() => branches?.reverse(message.id).catch(() => {})}
        >
          Reverse this event
        </button>
      </div>
    </section>
  );
}
