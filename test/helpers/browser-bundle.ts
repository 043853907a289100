// The core bundled for a browser page (an IIFE exposing `RS`) and headless Chromium, for the
// tests that run the library in a real browser (fit-browser, score-browser).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import type { Browser } from 'playwright-core';

/** Chromium's path (`CHROMIUM_PATH` or Debian's `/usr/bin/chromium`). */
export const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
/** Whether Chromium is installed here (the browser tests skip without it). */
export const haveChromium = existsSync(CHROMIUM);

/** Bundles `src/index.ts` as a browser IIFE (global `RS`) and launches headless Chromium. */
export async function bundleAndLaunch(): Promise<{ bundle: string; browser: Browser }> {
  const entry = fileURLToPath(new URL('../../src/index.ts', import.meta.url));
  const out = await build({ entryPoints: [entry], bundle: true, write: false, platform: 'browser', format: 'iife', globalName: 'RS', logLevel: 'silent' });
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'] });
  return { bundle: out.outputFiles[0]!.text, browser };
}
