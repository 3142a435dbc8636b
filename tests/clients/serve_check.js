// Open a page that `git backlog site serve` serves in headless Chromium (Debian's, through
// playwright-core), change a story file as an editor would, and wait for the page to
// reload itself. Prints one JSON document: the page's <h1> before and after, whether it
// reloaded, and the console errors (a Content-Security-Policy refusal is one).
// Usage: node serve_check.js CHROMIUM URL FILE FROM TO (replaces FROM by TO in FILE).
const fs = require('fs');
const { chromium } = require('playwright-core');

(async () => {
  const [executable, url, file, from, to] = process.argv.slice(2);
  const browser = await chromium.launch({
    executablePath: executable,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run'],
  });
  const page = await browser.newPage();
  const errors = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(url);
  const before = await page.textContent('h1');
  const reloaded = page.waitForEvent('load', { timeout: 20000 }).then(() => true, () => false);
  fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace(from, to));
  const didReload = await reloaded;
  const after = await page.textContent('h1');
  await browser.close();
  console.log(JSON.stringify({ before, after, reloaded: didReload, errors }));
})().catch((e) => { console.error(e); process.exit(1); });
