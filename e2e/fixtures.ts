import { test as base, expect } from '@playwright/test';

export { expect };

/**
 * Every spec's `test`: the same as Playwright's, plus a guard that fails the test on any
 * Content-Security-Policy violation in any page of its context (issue 8). The page reports each
 * `securitypolicyviolation` event on the console, which the guard collects.
 */
export const test = base.extend<{ cspGuard: undefined }>({
  cspGuard: [
    async ({ context }, use) => {
      const violations: string[] = [];
      await context.addInitScript(() => {
        document.addEventListener('securitypolicyviolation', (e) => {
          console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI || 'inline'}`);
        });
      });
      context.on('console', (message) => {
        const text = message.text();
        if (text.startsWith('CSP violation:') || text.includes('Content Security Policy'))
          violations.push(text);
      });
      await use(undefined);
      expect(violations, 'Content-Security-Policy violations').toEqual([]);
    },
    { auto: true },
  ],
});
