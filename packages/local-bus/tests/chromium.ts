import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

/** Debian's Chromium (`npm test`'s pretest installs it: tools/scripts/system-deps.mjs). */
export const CHROMIUM = '/usr/bin/chromium';
/** Headless, and nothing in the background that could reach the network or slow a test down. */
export const CHROMIUM_ARGS: readonly string[] = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** A browser on a profile of its own, its first page, and `close()`, which also deletes the profile. */
export interface OpenChromium {
  readonly context: BrowserContext;
  readonly page: Page;
  close(): Promise<void>;
}

/** Starts {@link CHROMIUM} headless on a fresh profile, as the console tests drive it. */
export async function openChromium(
  options: { readonly viewport?: { readonly width: number; readonly height: number } } = {},
): Promise<OpenChromium> {
  const profile = mkdtempSync(join(tmpdir(), 'paved-chromium-'));
  const removeProfile = () => rmSync(profile, { recursive: true, force: true });
  try {
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      args: [...CHROMIUM_ARGS],
      headless: true,
      ...options,
    });
    const page = context.pages()[0] ?? (await context.newPage());
    return {
      context,
      page,
      close: async () => {
        await context.close();
        removeProfile();
      },
    };
  } catch (error) {
    removeProfile();
    throw error;
  }
}

/** {@link CHROMIUM} headless without a profile, with `args` beside {@link CHROMIUM_ARGS}. */
export function launchChromium(args: readonly string[] = []): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: [...CHROMIUM_ARGS, ...args], headless: true });
}
