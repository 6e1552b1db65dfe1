#!/usr/bin/env node
// Makes sure a Chromium exists for Playwright before `npm run test:e2e`.
// We prefer the distro's Chromium over `playwright install`: it comes from apt, which works in
// boxes that only reach the npm registry and Debian mirrors.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const systemChromium = '/usr/bin/chromium';

function version(path) {
  const result = spawnSync(path, ['--version'], { encoding: 'utf8' });
  return result.status === 0 ? result.stdout.trim() : undefined;
}

// CHROMIUM_PATH, when set, is the only candidate: the Playwright config will launch exactly that.
function findBrowser() {
  const path = process.env.CHROMIUM_PATH || systemChromium;
  if (!existsSync(path)) {
    if (process.env.CHROMIUM_PATH) console.error(`ensure-browser: CHROMIUM_PATH=${path} does not exist.`);
    return undefined;
  }
  const found = version(path);
  if (found) return { path, version: found };
  console.error(`ensure-browser: ${path} exists but \`${path} --version\` failed.`);
  return undefined;
}

function run(command, args) {
  console.log(`ensure-browser: ${command} ${args.join(' ')}`);
  const result = spawnSync(command, args, {
    stdio: 'inherit',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  if (result.status !== 0) {
    console.error(`ensure-browser: ${command} ${args.join(' ')} failed (exit ${result.status}).`);
    process.exit(1);
  }
}

let browser = findBrowser();

if (!browser && !process.env.CHROMIUM_PATH && process.getuid?.() === 0 && existsSync('/etc/debian_version')) {
  console.log('ensure-browser: no Chromium found; installing it with apt-get.');
  run('apt-get', ['update']);
  run('apt-get', ['install', '-y', 'chromium']);
  browser = findBrowser();
}

if (browser) {
  console.log(`ensure-browser: using ${browser.path} (${browser.version})`);
  process.exit(0);
}

console.error(
  [
    'ensure-browser: no Chromium found for the end-to-end tests. Either',
    '  sudo apt-get install -y chromium',
    'or point CHROMIUM_PATH at a Chromium or Chrome binary, e.g.',
    '  CHROMIUM_PATH=/path/to/chrome npm run test:e2e',
  ].join('\n'),
);
process.exit(1);
