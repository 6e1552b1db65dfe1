import { type InternalNode, useStoreApi } from '@xyflow/react';
import { useEffect, useLayoutEffect, useRef } from 'react';
import type { Simulation } from '../../engine/simulation';
import { usePlayground, useRunSnapshot, useUi } from '../PlaygroundContext';
import { type Token, tokensInFlight } from './inFlight';
import { useTopology } from './useTopology';

/** Past this many dots on one edge, draw one dot with a count instead (`×12`). */
export const AGGREGATE_OVER = 8;

const COLOURS: Record<Token['kind'], string> = { event: '#2563eb', command: '#ea580c', duplicate: '#9333ea' };

/**
 * All moving messages in one canvas, drawn by one animation loop: not React state and not React
 * Flow nodes, so nodes keep their identity while dots move. A frame redraws only when something
 * drawn changed (the run moved on, the view was panned, nodes moved), and a moment scrubbed to is
 * drawn before the paint that shows the rest of it.
 */
export function MessageOverlay() {
  const canvas = useRef<HTMLCanvasElement>(null);
  const store = useStoreApi();
  const { timeTravel } = usePlayground();
  const topology = useTopology();
  const animate = useUi((s) => s.animate);
  const shown = useRunSnapshot().sim;
  const drawNow = useRef<(() => void) | null>(null);

  useEffect(() => {
    const element = canvas.current;
    const context = element?.getContext('2d');
    if (!element || !context) return;
    const names = new Set(topology.nodes);
    let handle = 0;
    // What the last drawing showed: the simulation and its clock, and where the nodes were on screen.
    let drawn: { sim: Simulation; now: number; head: number; view: string } | null = null;
    let glyphs: Glyphs | null = null;
    const draw = () => {
      const sim = timeTravel.shownSim();
      const { width, height, transform, nodeLookup } = store.getState();
      const view = viewKey(width, height, transform, nodeLookup, topology.nodes);
      if (drawn?.sim === sim && drawn.now === sim.now && drawn.head === sim.head && drawn.view === view)
        return;
      drawn = { sim, now: sim.now, head: sim.head, view };
      const ratio = window.devicePixelRatio || 1;
      if (element.width !== Math.round(width * ratio) || element.height !== Math.round(height * ratio)) {
        element.width = Math.round(width * ratio);
        element.height = Math.round(height * ratio);
      }
      if (glyphs?.ratio !== ratio) glyphs = drawGlyphs(ratio);
      const atlas = glyphs;
      context.setTransform(ratio, 0, 0, ratio, 0, 0);
      context.clearRect(0, 0, width, height);
      if (!animate) return;
      const [tx, ty, zoom] = transform;
      // Target, then source: no key string per dot (hundreds of them at every seek).
      const byEdge = new Map<string, Map<string, Token[]>>();
      for (const t of tokensInFlight(sim, names, 'user')) {
        let bySource = byEdge.get(t.target);
        if (!bySource) {
          bySource = new Map();
          byEdge.set(t.target, bySource);
        }
        const list = bySource.get(t.source);
        if (list) list.push(t);
        else bySource.set(t.source, [t]);
      }
      for (const bySource of byEdge.values())
        for (const tokens of bySource.values()) {
          const first = tokens[0] as Token;
          const from = anchor(nodeLookup.get(first.source), 'right');
          const to = anchor(nodeLookup.get(first.target), 'left');
          if (!from || !to) continue;
          const at = (p: number) => ({
            x: tx + (from.x + (to.x - from.x) * p) * zoom,
            y: ty + (from.y + (to.y - from.y) * p) * zoom,
          });
          if (tokens.length > AGGREGATE_OVER) {
            const mid = at(0.5);
            const text = `×${tokens.length}`;
            // Wide enough for its count: white digits beyond the dot would vanish on the canvas.
            dot(context, mid.x, mid.y, Math.max(9, labelWidth(atlas, text) / 2 + 3), COLOURS[first.kind]);
            label(context, atlas, text, mid.x, mid.y);
            continue;
          }
          for (const t of tokens) {
            const p = at(t.progress);
            dot(context, p.x, p.y, 5, COLOURS[t.kind]);
          }
        }
    };
    const loop = () => {
      handle = requestAnimationFrame(loop);
      draw();
    };
    drawNow.current = draw;
    handle = requestAnimationFrame(loop);
    return () => {
      drawNow.current = null;
      cancelAnimationFrame(handle);
    };
  }, [store, timeTravel, topology, animate]);

  // A new moment is drawn in the same commit as the panels that show it, not at the next frame.
  // biome-ignore lint/correctness/useExhaustiveDependencies: `shown` is what changed; `draw` reads it
  useLayoutEffect(() => drawNow.current?.(), [shown]);

  return (
    <canvas
      ref={canvas}
      className="message-overlay"
      role="img"
      aria-label="Messages travelling between services"
    />
  );
}

/** Where the dots are drawn: the canvas size, the pan and zoom, and each node's box. */
function viewKey(
  width: number,
  height: number,
  transform: readonly number[],
  nodeLookup: ReadonlyMap<string, InternalNode>,
  nodes: readonly string[],
): string {
  let key = `${width} ${height} ${transform.join(' ')} ${window.devicePixelRatio}`;
  for (const id of nodes) {
    const node = nodeLookup.get(id);
    if (!node) continue;
    const { x, y } = node.internals.positionAbsolute;
    key += `|${x} ${y} ${node.measured.width} ${node.measured.height}`;
  }
  return key;
}

function anchor(node: InternalNode | undefined, side: 'left' | 'right'): { x: number; y: number } | null {
  if (!node) return null;
  const { x, y } = node.internals.positionAbsolute;
  const width = node.measured.width ?? 0;
  const height = node.measured.height ?? 0;
  return { x: side === 'right' ? x + width : x, y: y + height / 2 };
}

/** The characters of a count label, drawn once in white: a label is then a few image copies. */
const GLYPHS = '×0123456789';
const GLYPH_FONT = '600 11px system-ui, sans-serif';
const GLYPH_HEIGHT = 14;

interface Glyphs {
  readonly ratio: number;
  readonly image: HTMLCanvasElement;
  /** Each character's left edge and width in the image, in CSS pixels. */
  readonly at: ReadonlyMap<string, { readonly x: number; readonly width: number }>;
}

/**
 * The label characters in one small canvas. Drawing text on the overlay itself shaped each label
 * anew at every moment shown (~0.5 ms a seek, several ms for the first ones while the font warms).
 */
function drawGlyphs(ratio: number): Glyphs {
  const image = document.createElement('canvas');
  const context = image.getContext('2d');
  const at = new Map<string, { x: number; width: number }>();
  if (!context) return { ratio, image, at };
  context.font = GLYPH_FONT;
  let x = 0;
  for (const c of GLYPHS) {
    const width = context.measureText(c).width;
    at.set(c, { x, width });
    x += Math.ceil(width) + 2; // apart, so that no copy picks up a neighbour's edge
  }
  image.width = Math.ceil(x * ratio);
  image.height = Math.ceil(GLYPH_HEIGHT * ratio);
  context.scale(ratio, ratio); // resizing reset the context: font and all
  context.font = GLYPH_FONT;
  context.textBaseline = 'middle';
  context.fillStyle = '#fff';
  for (const [c, place] of at) context.fillText(c, place.x, GLYPH_HEIGHT / 2);
  return { ratio, image, at };
}

function labelWidth(glyphs: Glyphs, text: string): number {
  let width = 0;
  for (const c of text) width += glyphs.at.get(c)?.width ?? 0;
  return width;
}

/** `text` (made of GLYPHS) centred on (x, y). */
function label(context: CanvasRenderingContext2D, glyphs: Glyphs, text: string, x: number, y: number): void {
  let left = x - labelWidth(glyphs, text) / 2;
  const top = y - GLYPH_HEIGHT / 2;
  const r = glyphs.ratio;
  for (const c of text) {
    const place = glyphs.at.get(c);
    if (!place) continue;
    context.drawImage(
      glyphs.image,
      place.x * r,
      0,
      place.width * r,
      GLYPH_HEIGHT * r,
      left,
      top,
      place.width,
      GLYPH_HEIGHT,
    );
    left += place.width;
  }
}

function dot(context: CanvasRenderingContext2D, x: number, y: number, r: number, colour: string): void {
  context.beginPath();
  context.arc(x, y, r, 0, Math.PI * 2);
  context.fillStyle = colour;
  context.fill();
}
