// Open pages of a built git-backlog site in headless Chromium (Debian's, through
// playwright-core) and report, as one JSON document on stdout:
// - for each page: the serious and critical accessibility violations axe-core finds, the
//   console errors (a Content-Security-Policy refusal is one), the requests that left
//   file:// (there must be none), and whether an alert ran (a title that is a script);
// - whether typing in the search box hides the cards that do not match.
// Usage: node site_check.js CHROMIUM PAGE.html… (NODE_PATH must reach playwright-core and
// axe-core).
const { chromium } = require('playwright-core');
const axePath = require.resolve('axe-core/axe.min.js');

(async () => {
  const [executable, ...pages] = process.argv.slice(2);
  const browser = await chromium.launch({
    executablePath: executable,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  const report = { pages: {}, search: null };
  // As a visitor sees it: the page's own policy in force.
  const visitor = await browser.newContext();
  // For axe, which is injected as a script the policy would refuse.
  const auditor = await browser.newContext({ bypassCSP: true });
  for (const file of pages) {
    const page = await visitor.newPage();
    const seen = { console: [], requests: [], alerts: 0, violations: [] };
    page.on('console', (m) => { if (m.type() === 'error') seen.console.push(m.text()); });
    page.on('request', (r) => { if (!r.url().startsWith('file:')) seen.requests.push(r.url()); });
    page.on('dialog', async (d) => { seen.alerts += 1; await d.dismiss(); });
    await page.goto('file://' + file);
    if (report.search === null && await page.$('#search') && await page.$('.card')) {
      const total = await page.$$eval('.card', (c) => c.length);
      const first = await page.$eval('.card a', (a) => a.textContent);
      await page.fill('#search', first.toLowerCase());
      const shown = await page.$$eval('.card', (c) => c.filter((x) => !x.classList.contains('hidden')).length);
      report.search = { total, query: first, shown };
    }
    await page.close();
    const audit = await auditor.newPage();
    await audit.goto('file://' + file);
    await audit.addScriptTag({ path: axePath });
    seen.violations = await audit.evaluate(async () => (await axe.run()).violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`));
    await audit.close();
    report.pages[file] = seen;
  }
  await browser.close();
  console.log(JSON.stringify(report));
})().catch((e) => { console.error(e); process.exit(1); });
