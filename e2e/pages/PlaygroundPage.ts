import { expect, type Locator, type Page } from '@playwright/test';
import { scenarios } from '../../src/scenarios';

/** Every scenario's button that starts one transaction ("Place order", the bank's "Send request"). */
const startLabels = [
  ...new Set(Object.values(scenarios).map((s) => s.controls?.actionLabel ?? 'Place order')),
];

/** The playground as a person sees it, by role and accessible name (DESIGN.md's UI contract). */
export class PlaygroundPage {
  readonly heading: Locator;
  readonly placeOrder: Locator;
  /** The scenario's button that starts one transaction, whatever its words. */
  readonly startTransaction: Locator;
  readonly sagas: Locator;
  readonly eventLog: Locator;
  readonly readModels: Locator;
  readonly deadLetters: Locator;
  readonly invariants: Locator;

  constructor(readonly page: Page) {
    this.heading = page.getByRole('heading', { level: 1, name: 'Eventscape' });
    this.placeOrder = page.getByRole('button', { name: 'Place order' });
    this.startTransaction = page.getByRole('button', {
      name: new RegExp(`^(${startLabels.join('|')})$`),
    });
    this.sagas = page.getByRole('region', { name: 'Sagas' });
    this.eventLog = page.getByRole('region', { name: 'Event log' });
    this.readModels = page.getByRole('region', { name: 'Read models' });
    this.deadLetters = page.getByRole('region', { name: 'Dead letters' });
    this.invariants = page.getByRole('region', { name: 'Invariants' });
  }

  /** Opens a run by URL (scenario, seed, speed, …) and waits until it is running. */
  async goto(query = ''): Promise<void> {
    await this.page.goto(`/${query}`);
    await expect(this.startTransaction).toBeVisible();
  }

  service(name: string): Locator {
    return this.page.getByRole('article', { name: `${name} service` });
  }

  async kill(name: string): Promise<void> {
    await this.page.getByRole('button', { name: `Kill ${name}` }).click();
  }

  async revive(name: string): Promise<void> {
    await this.page.getByRole('button', { name: `Revive ${name}` }).click();
  }

  /** The number after "inbox" on a service's node. */
  async inbox(name: string): Promise<number> {
    const text =
      (await this.service(name)
        .getByText(/^inbox \d+/)
        .textContent()) ?? '';
    return Number(/inbox (\d+)/.exec(text)?.[1] ?? Number.NaN);
  }

  saga(orderId: string): Locator {
    return this.sagas.getByRole('listitem', { name: orderId, exact: true });
  }

  async chooseStyle(style: 'Choreography' | 'Orchestration'): Promise<void> {
    await this.page.getByRole('radio', { name: style }).check();
  }

  async setOutcome(outcome: 'as it happens' | 'payment declined' | 'out of stock'): Promise<void> {
    await this.page.getByLabel('Outcome').selectOption({ label: outcome });
  }

  /** The timeline slider (DESIGN.md: aria-valuenow = position shown, aria-valuemax = log length). */
  get timeline(): Locator {
    return this.page.getByRole('slider', { name: 'Timeline' });
  }

  get goLive(): Locator {
    return this.page.getByRole('button', { name: 'Go live' });
  }

  /** The line saying which message is shown ("#12 OrderPlaced at 0 ms …" or "Live: …"). */
  get timelineStatus(): Locator {
    return this.page.getByRole('region', { name: 'Time travel' }).getByRole('status');
  }

  /** Drags the timeline to `position` (shows the whole system as of that message). */
  async scrubTo(position: number): Promise<void> {
    await this.timeline.fill(String(position));
  }

  async timelinePosition(): Promise<number> {
    return Number(await this.timeline.getAttribute('aria-valuenow'));
  }

  async timelineLength(): Promise<number> {
    return Number(await this.timeline.getAttribute('aria-valuemax'));
  }

  invariant(status: 'ok' | 'violated'): Locator {
    return this.invariants.getByRole('listitem', { name: new RegExp(`: ${status}$`) });
  }

  /** "Branch from here": fork a branch at the moment shown on the timeline (issue 6). */
  get branchFromHere(): Locator {
    return this.page.getByRole('button', { name: 'Branch from here' });
  }

  /** The branch switcher: one option per branch, "branch-1 · from main at #12". */
  get branchSwitcher(): Locator {
    return this.page.getByRole('combobox', { name: 'Branch', exact: true });
  }

  /** The line saying what the last fork or switch did. */
  get branchStatus(): Locator {
    return this.page.locator('.branch-bar').getByRole('status');
  }

  get compareBranches(): Locator {
    return this.page.getByRole('button', { name: 'Compare branches' });
  }

  get branchDiff(): Locator {
    return this.page.getByRole('region', { name: 'Branch diff' });
  }

  /** Switches to the branch whose label starts with `name` and waits until it is shown. */
  async switchBranch(name: string): Promise<void> {
    const option = this.branchSwitcher.getByRole('option', { name: new RegExp(`^${name}( ·|$)`) });
    const value = await option.getAttribute('value');
    await this.branchSwitcher.selectOption(value ?? name);
    await expect(this.branchSwitcher).toHaveValue(value ?? name);
    await expect(this.placeOrder).toBeEnabled();
  }

  /** The id of the branch shown. */
  async currentBranch(): Promise<string> {
    return this.branchSwitcher.inputValue();
  }

  /** The header's "Tours" menu button (issue 7). */
  get toursButton(): Locator {
    return this.page.getByRole('button', { name: 'Tours', exact: true });
  }

  /** The guided tour on show: its title, step, text, check and buttons. */
  get tour(): Locator {
    return this.page.getByRole('region', { name: 'Tour' });
  }

  /** The tour step's check: "✓ happened" or "waiting…". */
  get tourCheck(): Locator {
    return this.tour.getByRole('status');
  }

  tourButton(name: 'Back' | 'Next' | 'Do it' | 'End tour'): Locator {
    return this.tour.getByRole('button', { name, exact: true });
  }

  /** Starts a tour from the header's menu: its preset run opens, on step 1. */
  async startTour(title: string): Promise<void> {
    await this.toursButton.click();
    await this.page
      .getByRole('menu', { name: 'Tours' })
      .getByRole('menuitem', { name: title, exact: true })
      .click();
    await expect(this.tour.getByRole('heading', { name: new RegExp(`^${title} Step 1 of`) })).toBeVisible();
    await expect(this.startTransaction).toBeEnabled();
  }

  /** The palette left of the canvas: things to add to the running system (issue 7). */
  get palette(): Locator {
    return this.page.getByRole('complementary', { name: 'Palette' });
  }

  paletteItem(name: 'Subscriber' | 'Projection'): Locator {
    return this.palette.getByRole('button', { name, exact: true });
  }

  /** The graph's canvas, where palette items are dropped. */
  get canvas(): Locator {
    return this.page.getByRole('region', { name: 'Service graph' });
  }

  /** Drags a palette item onto an empty spot of the canvas (HTML drag and drop). */
  async dragOntoCanvas(name: 'Subscriber' | 'Projection'): Promise<void> {
    await this.paletteItem(name).dragTo(this.canvas, { targetPosition: { x: 60, y: 60 } });
  }

  /** The dialog a palette item opens: "New subscriber" or "New projection". */
  growDialog(kind: 'subscriber' | 'projection'): Locator {
    return this.page.getByRole('dialog', { name: `New ${kind}` });
  }

  /** A subscriber or read model added while running, as its node on the graph. */
  grown(name: string, kind: 'subscriber' | 'projection'): Locator {
    return this.page.getByRole('article', { name: `${name} ${kind}`, exact: true });
  }

  /** The number before "behind" on a grown node: messages it still has to catch up on. */
  async behind(name: string, kind: 'subscriber' | 'projection' = 'subscriber'): Promise<number> {
    const text =
      (await this.grown(name, kind)
        .getByText(/\d+ behind/)
        .textContent()) ?? '';
    return Number(/(\d+) behind/.exec(text)?.[1] ?? Number.NaN);
  }

  get inspector(): Locator {
    return this.page.getByRole('complementary', { name: 'Inspector' });
  }

  /** Selects a service on the graph, so the Inspector shows it. */
  async select(name: string): Promise<void> {
    await this.service(name).getByRole('heading', { name, exact: true }).click();
    await expect(this.inspector.getByRole('heading', { name, exact: true })).toBeVisible();
  }

  /** The header's scenario menu (issue 7): one option per registered scenario, by its short title. */
  get scenarioMenu(): Locator {
    return this.page.getByRole('combobox', { name: 'Scenario', exact: true });
  }

  /** Chooses a scenario from the header's menu; its run opens. */
  async chooseScenario(title: string): Promise<void> {
    await this.scenarioMenu.selectOption({ label: title });
    await expect(this.page).toHaveURL(/scenario=/);
    await expect(this.startTransaction).toBeVisible();
  }

  /** The row of the Invariants panel for the invariant whose label starts with `label`. */
  invariantNamed(label: string): Locator {
    return this.invariants.getByRole('listitem', { name: new RegExp(`^${label}`) });
  }

  /** Schema evolution: the Inspector's switch for one upcaster ("OrderPlaced v1→v2"). */
  upcaster(step: string): Locator {
    return this.inspector.getByRole('checkbox', { name: `Upcaster ${step}` });
  }

  /** The Dead letters panel's "Replay dead letters" (retries every dead letter at once). */
  get replayDeadLetters(): Locator {
    return this.deadLetters.getByRole('button', { name: 'Replay dead letters' });
  }

  /** One dead letter, by what its line says ("to Inventory", "to orders (read model"). */
  deadLetter(text: string): Locator {
    return this.deadLetters.getByRole('listitem').filter({ hasText: text });
  }

  /** A figure of the selected service in the Inspector ("conflicts", "failed attempts"). */
  inspectorFigure(term: string): Locator {
    return this.inspector
      .getByRole('term')
      .filter({ hasText: new RegExp(`^${term}$`) })
      .locator('xpath=following-sibling::dd[1]');
  }
}
