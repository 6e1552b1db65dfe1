import type { BranchDiff } from '../../app/branchDiff';

/** Where two branches part, how each order ends on each side, and how their read models differ. */
export function BranchDiffView({ diff, onClose }: { diff: BranchDiff; onClose: () => void }) {
  const { left, right } = diff;
  return (
    <section className="branch-diff" aria-label="Branch diff">
      <header>
        <h2>
          {left.name} <span className="versus">vs</span> {right.name}
        </h2>
        <button type="button" onClick={onClose}>
          Close
        </button>
      </header>
      <p className="parting">{parting(diff)}</p>
      <div className="branch-diff-body">
        <div>
          <h3>
            Orders: {diff.orders.length} end differently, {diff.sameOrders} the same
          </h3>
          {diff.orders.length > 0 ? (
            <table>
              <thead>
                <tr>
                  <th scope="col">Order</th>
                  <th scope="col">{left.name}</th>
                  <th scope="col">{right.name}</th>
                </tr>
              </thead>
              <tbody>
                {diff.orders.map((o) => (
                  <tr key={o.id} aria-label={o.id}>
                    <th scope="row">{o.id}</th>
                    <td>{o.left ?? 'not placed'}</td>
                    <td>{o.right ?? 'not placed'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : null}
        </div>
        <div>
          <h3>
            Read models: {diff.readModels.length === 0 ? 'the same' : `${diff.readModels.length} differ`}
          </h3>
          {diff.readModels.map((m) => (
            <details key={m.name} open={diff.readModels.length === 1}>
              <summary>
                {m.name}: {m.fields.length} {m.fields.length === 1 ? 'entry differs' : 'entries differ'}
              </summary>
              <table>
                <thead>
                  <tr>
                    <th scope="col">Entry</th>
                    <th scope="col">{left.name}</th>
                    <th scope="col">{right.name}</th>
                  </tr>
                </thead>
                <tbody>
                  {m.fields.map((f) => (
                    <tr key={f.key}>
                      <th scope="row">{f.key}</th>
                      <td>
                        <code>{f.left}</code>
                      </td>
                      <td>
                        <code>{f.right}</code>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </details>
          ))}
        </div>
      </div>
    </section>
  );
}

function parting(diff: BranchDiff): string {
  const { left, right } = diff;
  const sizes = `${left.name} has ${left.length} messages, ${right.name} ${right.length}.`;
  const fork = diff.forkPosition === 0 ? 'They share no history' : `They share #1–#${diff.forkPosition}`;
  if (diff.partsAt === null) return `${fork}, and their logs are identical. ${sizes}`;
  const side = (name: string, m: string | null) => `${name} ${m ? `has ${m}` : 'ends'}`;
  return (
    `${fork}; their logs part at #${diff.partsAt}: ` +
    `${side(left.name, diff.parting?.left ?? null)}, ${side(right.name, diff.parting?.right ?? null)}. ${sizes}`
  );
}
