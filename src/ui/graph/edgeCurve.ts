/** A point on the canvas, in flow coordinates. */
export interface XY {
  readonly x: number;
  readonly y: number;
}

/** React Flow's default curvature for a bezier edge. */
const CURVATURE = 0.25;

/** How far a control point leaves its handle (React Flow's `calculateControlOffset`). */
function controlOffset(distance: number): number {
  return distance >= 0 ? 0.5 * distance : CURVATURE * 25 * Math.sqrt(-distance);
}

/**
 * The point `p` (0 at the source, 1 at the target) along the bezier React Flow draws for an edge
 * from a right-hand source handle to a left-hand target handle. A dot drawn on a straight line
 * instead ran across the nodes' boxes wherever the edge curves round them (a target left of its
 * source).
 */
export function pointOnEdge(from: XY, to: XY, p: number): XY {
  const offset = controlOffset(to.x - from.x);
  const c1x = from.x + offset;
  const c2x = to.x - offset;
  const q = 1 - p;
  const a = q * q * q;
  const b = 3 * q * q * p;
  const c = 3 * q * p * p;
  const d = p * p * p;
  return {
    x: a * from.x + b * c1x + c * c2x + d * to.x,
    y: a * from.y + b * from.y + c * to.y + d * to.y,
  };
}
