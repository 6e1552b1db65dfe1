import { PERSON, type Topology } from '../../app/topology';
import type { XY } from '../../app/uiStore';

const WIDTH = 170;
const HEIGHT = 64;
const MARGIN = 40;
const SCALE = 2; // crisp on high-density screens and in documents

export interface NodeFacts {
  readonly up: boolean;
  readonly inbox: number;
}

/**
 * The service graph as a PNG, drawn from the same topology and positions as the page (not a
 * screenshot): each service with its status and inbox, each edge coloured by kind with its types.
 */
export function renderGraphPng(
  topology: Topology,
  positionOf: (id: string) => XY,
  facts: (id: string) => NodeFacts | undefined,
): Promise<Blob> {
  const at = new Map(topology.nodes.map((id) => [id, positionOf(id)]));
  const xs = [...at.values()].map((p) => p.x);
  const ys = [...at.values()].map((p) => p.y);
  const left = Math.min(...xs) - MARGIN;
  const top = Math.min(...ys) - MARGIN;
  const width = Math.max(...xs) + WIDTH + MARGIN - left;
  const height = Math.max(...ys) + HEIGHT + MARGIN - top;
  const canvas = document.createElement('canvas');
  canvas.width = width * SCALE;
  canvas.height = height * SCALE;
  const g = canvas.getContext('2d');
  if (!g) return Promise.reject(new Error('This browser cannot draw the graph (no 2D canvas).'));
  g.scale(SCALE, SCALE);
  g.translate(-left, -top);
  g.fillStyle = '#ffffff';
  g.fillRect(left, top, width, height);
  const css = getComputedStyle(document.documentElement);
  const colour = (name: string, fallback: string) => css.getPropertyValue(name).trim() || fallback;

  g.font = '11px system-ui, sans-serif';
  const labels: { text: string; x: number; y: number; colour: string }[] = [];
  for (const [index, edge] of topology.edges.entries()) {
    const from = at.get(edge.source);
    const to = at.get(edge.target);
    if (!from || !to) continue;
    const x1 = from.x + WIDTH;
    const y1 = from.y + HEIGHT / 2;
    const x2 = to.x;
    const y2 = to.y + HEIGHT / 2;
    g.strokeStyle = edge.kind === 'command' ? colour('--command', '#ea580c') : colour('--event', '#2563eb');
    g.setLineDash(edge.kind === 'command' ? [6, 4] : []);
    g.lineWidth = 1.5;
    g.beginPath();
    g.moveTo(x1, y1);
    g.bezierCurveTo(x1 + 60, y1, x2 - 60, y2, x2, y2);
    g.stroke();
    g.setLineDash([]);
    g.fillStyle = g.strokeStyle;
    g.beginPath();
    g.moveTo(x2, y2);
    g.lineTo(x2 - 8, y2 - 4);
    g.lineTo(x2 - 8, y2 + 4);
    g.fill();
    // Labels spread along their curves (edges between the same columns would stack them), and
    // drawn last, on a white ground, so lines never cross their text.
    const t = 0.3 + 0.4 * ((index % 4) / 3);
    const u = 1 - t;
    const x = u ** 3 * x1 + 3 * u * u * t * (x1 + 60) + 3 * u * t * t * (x2 - 60) + t ** 3 * x2;
    const y = u ** 3 * y1 + 3 * u * u * t * y1 + 3 * u * t * t * y2 + t ** 3 * y2;
    labels.push({ text: edge.types.join(', '), x, y, colour: g.strokeStyle as string });
  }
  g.font = '10px system-ui, sans-serif';
  for (const label of labels) {
    const w = Math.min(g.measureText(label.text).width, 200);
    g.fillStyle = 'rgba(255, 255, 255, 0.9)';
    g.fillRect(label.x - w / 2 - 3, label.y - 9, w + 6, 13);
    g.fillStyle = label.colour;
    g.fillText(label.text, label.x - w / 2, label.y + 1, 200);
  }
  for (const [id, p] of at) {
    const f = facts(id);
    g.fillStyle = id === PERSON ? '#f4f4f5' : '#ffffff';
    g.strokeStyle = f && !f.up ? colour('--down', '#b91c1c') : '#a1a1aa';
    g.lineWidth = 1.5;
    g.beginPath();
    g.roundRect(p.x, p.y, WIDTH, HEIGHT, 8);
    g.fill();
    g.stroke();
    g.fillStyle = '#18181b';
    g.font = 'bold 13px system-ui, sans-serif';
    g.fillText(id === PERSON ? 'Person' : id, p.x + 10, p.y + 20, WIDTH - 20);
    if (f) {
      g.font = '11px system-ui, sans-serif';
      g.fillStyle = f.up ? colour('--up', '#15803d') : colour('--down', '#b91c1c');
      g.fillText(f.up ? 'up' : 'down', p.x + 10, p.y + 38);
      g.fillStyle = '#3f3f46';
      g.fillText(`inbox ${f.inbox}`, p.x + 50, p.y + 38);
    }
  }
  return new Promise((resolve, reject) =>
    canvas.toBlob(
      (blob) => (blob ? resolve(blob) : reject(new Error('The graph could not be encoded as PNG.'))),
      'image/png',
    ),
  );
}
