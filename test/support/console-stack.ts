/**
 * What a console browser test stands on: a local stack with the demo centre seeded (its
 * departments, roster and demo accounts) and one Chromium for the file's pages.
 */
import type { Browser } from 'playwright-core';
import { seedDemo } from '../../infra/local/seed.ts';
import { launchChromium } from './browser.ts';
import { startTestStack, type TestStack } from './stack.ts';

export interface ConsoleStack {
  stack: TestStack;
  browser: Browser;
  close(): Promise<void>;
}

export async function startConsoleStack(now: string): Promise<ConsoleStack> {
  const stack = await startTestStack({ now });
  await seedDemo(stack.url);
  const browser = await launchChromium();
  return {
    stack,
    browser,
    async close() {
      await browser.close();
      await stack.close();
    },
  };
}
