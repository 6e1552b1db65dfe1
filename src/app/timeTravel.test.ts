import { describe, expect, it } from 'vitest';
import { scenarios } from '../scenarios';
import type { Scenario } from '../scenarios/scenario';
import { scenarioFor, startInMemory, timeMachineFor } from './startPlayground';
import { TimeTravel } from './timeTravel';
import { parseRunUrl } from './urlState';

const { settings } = parseRunUrl('?scenario=order-saga&seed=tt&speed=10', ['order-saga']);
const scenario = scenarioFor(scenarios['order-saga'] as Scenario, settings);

/** A playing run with traffic, its timeline, and the panels' source as the playground builds it. */
async function playingRun() {
  const machine = timeMachineFor(scenario, settings, 50);
  const driver = startInMemory(scenario, settings);
  machine.watch(driver);
  await driver.act({ type: 'traffic.changed', perSecond: 20 });
  while (driver.sim.head < 300) await driver.frame(100);
  const timeTravel = new TimeTravel(driver, machine);
  const panels = timeTravel.panelSource(100);
  const shown: number[] = [];
  panels.subscribe(() => shown.push(panels.getSnapshot().sim.head));
  return { driver, timeTravel, panels, shown };
}

async function untilShown(timeTravel: TimeTravel, position: number) {
  for (let i = 0; i < 1000 && timeTravel.getView().moment?.position !== position; i++)
    await new Promise((resolve) => setTimeout(resolve, 0));
}

describe('TimeTravel', () => {
  it('switches the panels to the past once, when the first moment lands, not when the run pauses for it', async () => {
    const { driver, timeTravel, panels, shown } = await playingRun();
    const before = panels.getSnapshot();
    expect(driver.getSnapshot().playing).toBe(true);

    timeTravel.seek(120);
    // The slider is in the past at once; the panels still show the run as it was, not its pause.
    expect(timeTravel.mode).toBe('scrubbing');
    expect(timeTravel.showingPast).toBe(false);
    expect(driver.getSnapshot().playing).toBe(false);
    expect(panels.getSnapshot()).toBe(before);
    expect(shown).toEqual([]);

    await untilShown(timeTravel, 120);
    expect(timeTravel.showingPast).toBe(true);
    expect(shown).toEqual([panels.getSnapshot().sim.head]);
    expect(panels.getSnapshot().sim.head).toBeLessThanOrEqual(timeTravel.getView().moment?.head ?? 0);

    timeTravel.goLive();
    expect(timeTravel.showingPast).toBe(false);
    expect(timeTravel.mode).toBe('live');
  });
});
