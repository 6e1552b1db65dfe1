import { test as unguarded } from '@playwright/test';
import { expect } from './fixtures';
import { PlaygroundPage } from './pages/PlaygroundPage';

// Deliberately violates the policy, so it uses Playwright's plain `test`, without the guard.
unguarded('the production build refuses inline script, and a violation is reported', async ({ page }) => {
  const violations: string[] = [];
  page.on('console', (m) => {
    if (m.text().includes('Content Security Policy')) violations.push(m.text());
  });
  const playground = new PlaygroundPage(page);
  await playground.goto();
  await expect(playground.heading).toBeVisible();
  const policy = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  expect(policy).toContain("script-src 'self'");
  expect(policy).toContain("object-src 'none'");

  const ran = await page.evaluate(async () => {
    const seen = new Promise<string>((resolve) =>
      document.addEventListener('securitypolicyviolation', (e) => resolve(e.violatedDirective), {
        once: true,
      }),
    );
    const script = document.createElement('script');
    script.textContent = 'window.__inlineRan = true';
    document.body.append(script);
    return {
      directive: await seen,
      ran: (window as unknown as { __inlineRan?: boolean }).__inlineRan === true,
    };
  });
  expect(ran).toEqual({ directive: 'script-src-elem', ran: false });
  expect(violations.length).toBeGreaterThan(0);
});
