import { describe, expect, it } from 'vitest';
import { scenarios } from '../../scenarios';
import type { Scenario } from '../../scenarios/scenario';
import { scenarioFor, startInMemory } from '../startPlayground';
import { parseRunUrl, runUrl } from '../urlState';
import { RunFileError, readRunFile, readShareFragment, toRunFile, toShareFragment } from './runFile';

const names = Object.keys(scenarios);
const open = (query: string) => {
  const { settings } = parseRunUrl(query, names);
  return {
    settings,
    driver: startInMemory(scenarioFor(scenarios[settings.scenario] as Scenario, settings), settings),
  };
};

/** A run with a bit of everything a person does. */
async function aRun() {
  const { settings, driver } = open('?scenario=order-saga&seed=9&decline=0.4&dup=0.2&speed=1');
  await driver.act({ type: 'order.placed' });
  await driver.frame(300);
  await driver.act({ type: 'traffic.changed', perSecond: 8 });
  await driver.frame(700);
  await driver.act({ type: 'service.killed', name: 'Payment' });
  await driver.frame(900);
  await driver.act({ type: 'style.changed', style: 'orchestration' });
  await driver.act({ type: 'service.revived', name: 'Payment' });
  await driver.act({ type: 'order.placed', options: { fail: 'outOfStock', quantity: 3 } });
  for (let i = 0; i < 20; i++) await driver.frame(250);
  const file = toRunFile({
    run: runUrl(settings),
    actions: driver.actions,
    until: driver.sim.now,
    head: driver.sim.head,
    logHash: driver.sim.logHash,
  });
  return { file, driver };
}

/** Opens a run file the way a colleague's page does: a fresh run, the actions replayed to `until`. */
async function reproduce(text: string) {
  const file = readRunFile(text);
  const { driver } = open(file.run);
  await driver.replay(file.actions, file.until);
  return driver;
}

describe('run files and share links', () => {
  it('a run file reproduces the exact run: same log, same hash', async () => {
    const { file, driver } = await aRun();
    const again = await reproduce(JSON.stringify(file));
    expect(again.sim.head).toBe(file.head);
    expect(again.sim.logHash).toBe(driver.sim.logHash);
    expect(await again.sim.log.read()).toEqual(await driver.sim.log.read());
  });

  it('a share link carries the run compressed in its fragment and reproduces it', async () => {
    const { file } = await aRun();
    const fragment = await toShareFragment(file);
    expect(fragment).toMatch(/^#run=[A-Za-z0-9_-]+$/);
    expect(fragment.length).toBeLessThan(JSON.stringify(file).length);
    const read = await readShareFragment(fragment);
    expect(read).toEqual(file);
    expect(await readShareFragment('#tour=kill')).toBeNull();
    const withCursor = toRunFile({ ...file, cursor: 7, branch: 'branch-2' });
    expect(await readShareFragment(await toShareFragment(withCursor))).toEqual(withCursor);
  });

  it('refuses broken, foreign or hostile files and links with a reason', async () => {
    const { file } = await aRun();
    const bad = (change: object) => JSON.stringify({ ...file, ...change });
    const refused = (text: string) => {
      try {
        readRunFile(text);
      } catch (error) {
        expect(error).toBeInstanceOf(RunFileError);
        return (error as Error).message;
      }
      throw new Error('accepted');
    };
    expect(refused(bad({ format: 'other' }))).toMatch(/not an Eventscape run file/);
    expect(refused(bad({ version: 2 }))).toMatch(/version/);
    expect(refused(bad({ actions: [{ at: 0, action: { type: 'system.format' } }] }))).toMatch(
      /actions\.0\.action/,
    );
    expect(refused(bad({ actions: [{ at: -1, action: { type: 'order.placed' } }] }))).toMatch(
      /actions\.0\.at/,
    );
    expect(refused(bad({ logHash: '<img>' }))).toMatch(/logHash/);
    expect(refused(JSON.stringify(file).replace('"actions":[', '"actions":[{"__proto__":{}},'))).toMatch(
      /__proto__/,
    );
    await expect(readShareFragment('#run=!!!')).rejects.toThrow(/damaged/);
    await expect(readShareFragment('#run=AAAA')).rejects.toThrow(/damaged/);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
