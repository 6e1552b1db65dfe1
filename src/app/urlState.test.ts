import { describe, expect, it } from 'vitest';
import { defaultSettings, parseRunUrl, runUrl, tourUrl } from './urlState';

const scenarios = ['shop', 'order-saga'];

describe('URL state', () => {
  it('reads the run a link asks for', () => {
    const { settings, problems } = parseRunUrl(
      '?scenario=order-saga&seed=7&mode=orchestration&speed=10&decline=0.5&dup=0.1&idempotency=off&outbox=off&lag=2000',
      scenarios,
    );
    expect(problems).toEqual([]);
    expect(settings).toEqual({
      scenario: 'order-saga',
      seed: '7',
      mode: 'orchestration',
      speed: 10,
      decline: 0.5,
      dup: 0.1,
      idempotency: false,
      outbox: false,
      versionCheck: true,
      schema: 'v2',
      lag: 2000,
      broker: 'log',
      branch: 'main',
      tour: null,
      step: 1,
    });
  });

  it('names the branch shown, which is not part of the run (its database)', () => {
    const { settings, problems } = parseRunUrl('?scenario=order-saga&seed=7&branch=branch-2', scenarios);
    expect(problems).toEqual([]);
    expect(settings.branch).toBe('branch-2');
    expect(runUrl(settings)).toContain('branch=branch-2');
    expect(runUrl({ ...settings, branch: 'main' })).not.toContain('branch');
    expect(parseRunUrl('?branch=a/b', scenarios).problems.join()).toMatch(/not a branch name/);
  });

  it('names the tour and step on show, which are not part of the run either', () => {
    const { settings, problems } = parseRunUrl('?scenario=order-saga&seed=7&tour=fan-out&step=2', scenarios);
    expect(problems).toEqual([]);
    expect(settings).toMatchObject({ tour: 'fan-out', step: 2 });
    expect(runUrl(settings)).not.toMatch(/tour|step/);
    expect(tourUrl(settings)).toMatch(/&tour=fan-out&step=2$/);
    expect(parseRunUrl(tourUrl(settings), scenarios).settings).toEqual(settings);
    expect(tourUrl({ ...settings, tour: null })).toBe(runUrl(settings));
    const bad = parseRunUrl('?tour=<b>&step=0', scenarios);
    expect(bad.settings).toMatchObject({ tour: null, step: 1 });
    expect(bad.problems).toHaveLength(2);
  });

  it('round-trips through runUrl', () => {
    const { settings } = parseRunUrl(
      '?scenario=order-saga&seed=x-1&mode=orchestration&speed=2.5&dup=0.2&outbox=off',
      scenarios,
    );
    expect(parseRunUrl(runUrl(settings), scenarios).settings).toEqual(settings);
  });

  it('turns the version check off for a run (optimistic concurrency, the bank)', () => {
    const { settings, problems } = parseRunUrl('?scenario=shop&seed=7&versioncheck=off', scenarios);
    expect(problems).toEqual([]);
    expect(settings.versionCheck).toBe(false);
    expect(runUrl(settings)).toContain('versioncheck=off');
    expect(runUrl(defaultSettings)).not.toContain('versioncheck');
    expect(parseRunUrl(runUrl(settings), scenarios).settings).toEqual(settings);
    expect(parseRunUrl('?versioncheck=maybe', scenarios).problems.join()).toMatch(
      /"versioncheck" must be on or off/,
    );
  });

  it('starts a run with the old OrderPlaced v1 producer (schema evolution)', () => {
    const { settings, problems } = parseRunUrl('?scenario=order-saga&seed=7&schema=v1', scenarios);
    expect(problems).toEqual([]);
    expect(settings.schema).toBe('v1');
    expect(runUrl(settings)).toContain('schema=v1');
    expect(runUrl(defaultSettings)).not.toContain('schema');
    expect(parseRunUrl(runUrl(settings), scenarios).settings).toEqual(settings);
    const bad = parseRunUrl('?schema=v9', scenarios);
    expect(bad.settings.schema).toBe('v2');
    expect(bad.problems.join()).toMatch(/"schema" must be v1 or v2/);
  });

  it('runs on the broker flavour the link names, part of what the run is', () => {
    const { settings, problems } = parseRunUrl('?scenario=order-saga&seed=7&broker=queue', scenarios);
    expect(problems).toEqual([]);
    expect(settings.broker).toBe('queue');
    expect(runUrl(settings)).toContain('broker=queue');
    expect(runUrl(defaultSettings)).not.toContain('broker');
    expect(parseRunUrl(runUrl({ ...settings, broker: 'sqs' }), scenarios).settings.broker).toBe('sqs');
    const bad = parseRunUrl('?broker=kafka', scenarios);
    expect(bad.settings.broker).toBe('log');
    expect(bad.problems.join()).toMatch(/"broker" must be log, queue or sqs, not "kafka"/);
  });

  it('explains every bad value and keeps its default', () => {
    const { settings, problems } = parseRunUrl(
      '?scenario=bank&seed=<script>&mode=chaos&speed=0&decline=2&dup=x&idempotency=maybe&lag=-1&zoom=3',
      scenarios,
    );
    expect(settings).toEqual(defaultSettings);
    expect(problems).toHaveLength(9);
    expect(problems.join('\n')).toMatch(/no scenario "bank"/);
    expect(problems.join('\n')).toMatch(/Unknown URL setting "zoom"/);
  });
});
