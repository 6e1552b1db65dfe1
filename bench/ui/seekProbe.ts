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
/** Called from a rAF callback: resolves once that frame is painted (a task posted there runs after it). */
const afterThisPaint = () => new Promise<void>((done) => setTimeout(done, 0));

/**
 * Each seek: the slider's input event → the end of the first paint that shows that message.
 *
 * The input is dispatched at the start of a frame, from a rAF callback, because that is when
 * Chromium delivers a drag's input: pointer moves are rAF-aligned, dispatched right before the
 * frame's animation callbacks, so work finished in that task shows in that same frame's paint.
 * After each frame's paint the probe looks whether the timeline names the message; the seek's
 * time runs to the end of the first paint that did.
 */
async function timeSeeks(positions: readonly number[]): Promise<number[]> {
  const slider = document.querySelector<HTMLInputElement>('input[aria-label="Timeline"]');
  if (!slider) throw new Error('no Timeline slider');
  const status = () => slider.closest('section')?.querySelector('[role="status"]')?.textContent ?? '';
  const setValue = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')?.set;
  const times: number[] = [];
  for (const p of positions) {
    await frame();
    const start = performance.now();
    setValue?.call(slider, String(p));
    slider.dispatchEvent(new Event('input', { bubbles: true }));
    const shown = new RegExp(`#${p} `);
    for (;;) {
      await afterThisPaint();
      if (slider.getAttribute('aria-valuenow') === String(p) && shown.test(status())) break;
      if (performance.now() - start > 30_000) throw new Error(`seek to #${p} never showed: "${status()}"`);
      await frame();
    }
    times.push(performance.now() - start);
  }
  return times;
}

window.eventscapeSeekProbe = { timeSeeks };
