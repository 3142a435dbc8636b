// Render a Mermaid flowchart with the real renderer (the npm mermaid package) in headless
// Chromium (Debian's, through playwright-core) and print, as one JSON document on stdout,
// the text of every node and subgraph label as a reader sees it, or the renderer's error.
// Usage: node mermaid_check.js CHROMIUM < chart.mmd (NODE_PATH must reach playwright-core
// and mermaid).
const { chromium } = require('playwright-core');
const mermaidPath = require.resolve('mermaid/dist/mermaid.min.js');

(async () => {
  const source = require('fs').readFileSync(0, 'utf8');
  const browser = await chromium.launch({
    executablePath: process.argv[2],
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run'],
  });
  const page = await browser.newPage();
  const alerts = [];
  page.on('dialog', async (d) => { alerts.push(d.message()); await d.dismiss(); });
  await page.setContent('<!DOCTYPE html><html><body><div id="out"></div></body></html>');
  await page.addScriptTag({ path: mermaidPath });
  const result = await page.evaluate(async (text) => {
    mermaid.initialize({ startOnLoad: false });
    try {
      const { svg } = await mermaid.render('chart', text);
      document.getElementById('out').innerHTML = svg;
      const labels = Array.from(document.querySelectorAll('#out .nodeLabel, #out .cluster-label'))
        .map((l) => l.textContent.trim());
      const markup = Array.from(document.querySelectorAll('#out .nodeLabel b, #out .nodeLabel script')).length;
      return { labels, markup };
    } catch (e) {
      return { error: String(e && e.message || e) };
    }
  }, source);
  result.alerts = alerts;
  await browser.close();
  console.log(JSON.stringify(result));
})().catch((e) => { console.error(e); process.exit(1); });
