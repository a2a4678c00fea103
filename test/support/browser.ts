import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BrowserContext, chromium, type Page } from 'playwright-core';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** Debian's chromium package: the browser the browser tests drive (.ci/run installs it when missing). */
export const CHROMIUM = process.env.STOCKMESH_CHROMIUM ?? '/usr/bin/chromium';

/** Flags for a quiet, offline, sandbox-free headless run (CI runs as root in a container). */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  // containers often have a tiny /dev/shm: without this a large page can crash the renderer
  '--disable-dev-shm-usage',
] as const;

/** Why the browser tests cannot run here, or false when they can. */
export function browserSkipReason(): string | false {
  return existsSync(CHROMIUM) ? false : `${CHROMIUM} is missing: install Debian's chromium package (apt-get install chromium; .ci/run does) to run the browser tests`;
}

/** Builds web/dist when it is missing or stale (scripts/build-web.mjs); throws when the build fails. */
export function buildDashboard(): void {
  const r = spawnSync(process.execPath, [join(ROOT, 'scripts', 'build-web.mjs')], { cwd: ROOT, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`the dashboard build failed:\n${r.stdout}\n${r.stderr}`);
}

/** One browser profile (its own fresh user-data folder, so its own cookies) and its first page. */
export interface BrowserSession {
  readonly context: BrowserContext;
  readonly page: Page;
  /** Browser console errors and failed requests seen so far (for assertion messages). */
  readonly problems: string[];
  close(): Promise<void>;
}

/**
 * Launches chromium with a fresh user-data folder: a 1600×1000 window (a wall display), English
 * unless `locale` says otherwise. Close it with `close()` (removes the folder).
 */
export async function openBrowser(opts: { locale?: string } = {}): Promise<BrowserSession> {
  const dir = mkdtempSync(join(tmpdir(), 'stockmesh-chromium-'));
  let context: BrowserContext;
  try {
    context = await chromium.launchPersistentContext(dir, {
      executablePath: CHROMIUM,
      headless: true,
      args: [...CHROMIUM_ARGS],
      viewport: { width: 1600, height: 1000 },
      deviceScaleFactor: 1,
      locale: opts.locale ?? 'en-GB',
      timezoneId: 'Asia/Shanghai',
      colorScheme: 'dark',
    });
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  const page = context.pages()[0] ?? (await context.newPage());
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  return {
    context,
    page,
    problems,
    async close() {
      await context.close().catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Signs in through the login page and waits for the navigation to appear. */
export async function signIn(page: Page, baseUrl: string, username: string, password: string): Promise<void> {
  await page.goto(`${baseUrl}/`);
  await page.locator('input[name=username]').fill(username);
  await page.locator('input[name=password]').fill(password);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('nav').waitFor({ state: 'visible', timeout: 15_000 });
}
