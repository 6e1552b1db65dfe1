import type { Locator, Page } from '@playwright/test';

export class PlaygroundPage {
  readonly heading: Locator;

  constructor(readonly page: Page) {
    this.heading = page.getByRole('heading', { level: 1, name: 'Eventscape' });
  }

  async goto(query = ''): Promise<void> {
    await this.page.goto(`/${query}`);
  }
}
