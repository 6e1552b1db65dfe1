import { getBezierPath, Position } from '@xyflow/react';
import { describe, expect, it } from 'vitest';
import { pointOnEdge } from './edgeCurve';

const edges = [
  { name: 'forward', from: { x: 100, y: 50 }, to: { x: 400, y: 220 } },
  { name: 'backward (curves round the nodes)', from: { x: 880, y: 180 }, to: { x: 535, y: 180 } },
  { name: 'backward and down', from: { x: 500, y: 40 }, to: { x: 120, y: 400 } },
  { name: 'level', from: { x: 0, y: 0 }, to: { x: 250, y: 0 } },
];

describe('pointOnEdge', () => {
  for (const { name, from, to } of edges) {
    it(`follows React Flow's own bezier: ${name}`, () => {
      const [path, labelX, labelY] = getBezierPath({
        sourceX: from.x,
        sourceY: from.y,
        sourcePosition: Position.Right,
        targetX: to.x,
        targetY: to.y,
        targetPosition: Position.Left,
      });
      // "M sx,sy C c1x,c1y c2x,c2y tx,ty": the same control points, so the same curve.
      const numbers = path.match(/-?\d+(\.\d+)?/g)?.map(Number) ?? [];
      expect(numbers).toHaveLength(8);
      const [sx, sy, c1x, c1y, c2x, c2y, tx, ty] = numbers as [
        number,
        number,
        number,
        number,
        number,
        number,
        number,
        number,
      ];
      const at = (t: number) => {
        const q = 1 - t;
        return {
          x: q ** 3 * sx + 3 * q * q * t * c1x + 3 * q * t * t * c2x + t ** 3 * tx,
          y: q ** 3 * sy + 3 * q * q * t * c1y + 3 * q * t * t * c2y + t ** 3 * ty,
        };
      };
      for (const t of [0, 0.1, 0.25, 0.5, 0.8, 1]) {
        const mine = pointOnEdge(from, to, t);
        expect(mine.x).toBeCloseTo(at(t).x, 6);
        expect(mine.y).toBeCloseTo(at(t).y, 6);
      }
      // Its middle is where React Flow puts the edge's label.
      expect(pointOnEdge(from, to, 0.5).x).toBeCloseTo(labelX, 6);
      expect(pointOnEdge(from, to, 0.5).y).toBeCloseTo(labelY, 6);
    });
  }

  it('bends a backward edge out beyond both ends, away from the straight line between them', () => {
    const from = { x: 880, y: 180 };
    const to = { x: 535, y: 180 };
    expect(pointOnEdge(from, to, 0.1).x).toBeGreaterThan(from.x);
    expect(pointOnEdge(from, to, 0.9).x).toBeLessThan(to.x);
  });
});
