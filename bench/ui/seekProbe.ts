export {};

/*
 * In the playground page (installed before its scripts): times seeks. Bundled apart so that the
 * Node side's transpiler never wraps these functions (page.evaluate would then miss its helpers).
 */

declare global {
  interface Window {
    eventscapeSeekProbe: { timeSeeks(positions: readonly number[]): Promise<number[]> };
  }
}

const frame = () => new Promise<void>((done) => requestAnimationFrame(() => done()));
/** Resolves after the next paint: a task posted from a rAF callback runs once that frame is drawn. */
const nextPaint = () => new Promise<void>((done) => requestAnimationFrame(() => setTimeout(done, 0)));

/** Each seek: slider input → the timeline names that message → the next paint. */
async function timeSeeks(positions: readonly number[]): Promise<number[]> {
  const slider = document.querySelector<HTMLInputElement>('input[aria-label="Timeline"]');
  if (!slider) throw new Error('no Timeline slider');
  const status = () => slider.closest('section')?.querySelector('[role="status"]')?.textContent ?? '';
  const setValue = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')?.set;
  const times: number[] = [];
  for (const p of positions) {
    const start = performance.now();
    setValue?.call(slider, String(p));
    slider.dispatchEvent(new Event('input', { bubbles: true }));
    const shown = new RegExp(`#${p} `);
    for (;;) {
      await frame();
      if (slider.getAttribute('aria-valuenow') === String(p) && shown.test(status())) break;
      if (performance.now() - start > 30_000) throw new Error(`seek to #${p} never showed: "${status()}"`);
    }
    await nextPaint();
    times.push(performance.now() - start);
  }
  return times;
}

window.eventscapeSeekProbe = { timeSeeks };
