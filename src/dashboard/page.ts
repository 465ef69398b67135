// The live page's HTML: proxy and gold per eval round with the gold peak and
// hacking flags marked, reward, staleness and throughput per step, actor
// health, and the newest eval samples (overrated ones marked). Charts are
// uPlot (served from node_modules, nothing fetched from the network); the
// page polls /api/state and redraws as rounds land.
export function dashboardHtml(title: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="/assets/uPlot.min.css">
<style>
 body { font: 14px system-ui, sans-serif; margin: 16px 24px; color: #1d2433; }
 h1 { font-size: 20px; margin: 0 0 4px; } .sub { color: #5a6478; margin-bottom: 12px; }
 .grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(520px, 1fr)); gap: 16px; }
 .card { border: 1px solid #dfe3ea; border-radius: 8px; padding: 10px 12px; }
 .card h2 { font-size: 15px; margin: 0 0 6px; } .flag { color: #b42318; font-weight: 600; }
 table { border-collapse: collapse; width: 100%; font-size: 13px; } td, th { text-align: left; padding: 3px 6px; border-bottom: 1px solid #eef0f4; vertical-align: top; }
 tr.overrated td { background: #fff1f0; } .muted { color: #8a93a6; }
</style></head>
<body>
<h1>${escapeHtml(title)}</h1>
<div class="sub" id="summary">loading…</div>
<div class="grid">
 <div class="card"><h2>Proxy vs gold (eval rounds)</h2><div id="chart-gold"></div><div id="flags"></div></div>
 <div class="card"><h2>Reward, staleness and throughput per step</h2><div id="chart-steps"></div></div>
 <div class="card"><h2>Actors</h2><div id="actors" class="muted">no scheduler answering (a finished run, or not started)</div></div>
 <div class="card"><h2>Newest samples</h2><div id="samples" class="muted">no eval round yet</div></div>
</div>
<script src="/assets/uPlot.iife.min.js"></script>
<script>
(function () {
  const state = { rounds: 0, steps: 0 };
  window.__tribunal = state;
  let goldChart = null, stepChart = null;
  const esc = (s) => String(s).replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' }[c]));
  const width = (id) => Math.max(320, document.getElementById(id).clientWidth || 500);
  function drawGold(s) {
    const data = [s.rounds.map((r) => r.step), s.rounds.map((r) => r.proxy), s.rounds.map((r) => r.gold)];
    if (!goldChart) {
      goldChart = new uPlot({ width: width('chart-gold'), height: 260, scales: { x: { time: false } },
        axes: [{ label: 'step' }, { label: 'score (0-9)' }],
        series: [{ label: 'step' }, { label: 'proxy (training judge)', stroke: '#3b6fd8', width: 2 }, { label: 'gold', stroke: '#c2410c', width: 2 }] }, data, document.getElementById('chart-gold'));
    } else goldChart.setData(data);
  }
  function drawSteps(s) {
    const data = [s.steps.map((r) => r.step), s.steps.map((r) => r.reward), s.steps.map((r) => r.staleness), s.steps.map((r) => r.tokensPerS)];
    if (!stepChart) {
      stepChart = new uPlot({ width: width('chart-steps'), height: 260, scales: { x: { time: false }, tps: {} },
        axes: [{ label: 'step' }, { label: 'reward / staleness' }, { scale: 'tps', side: 1, label: 'tokens/s', grid: { show: false } }],
        series: [{ label: 'step' }, { label: 'mean reward', stroke: '#15803d', width: 2 }, { label: 'staleness (versions)', stroke: '#7c3aed' }, { label: 'sampled tokens/s', stroke: '#64748b', scale: 'tps' }] }, data, document.getElementById('chart-steps'));
    } else stepChart.setData(data);
  }
  function render(s) {
    const last = s.rounds[s.rounds.length - 1];
    document.getElementById('summary').textContent = (s.runId ? 'run ' + s.runId + ' · ' : '') + s.rounds.length + ' eval round(s), ' + s.steps.length + ' step(s)'
      + (last ? ' · latest round at step ' + last.step + ': proxy ' + last.proxy.toFixed(2) + ', gold ' + last.gold.toFixed(2) : '')
      + (s.phase ? ' · phase ' + s.phase : '');
    drawGold(s);
    drawSteps(s);
    const flags = [];
    if (s.goldPeak) flags.push('gold peak ' + s.goldPeak.gold.toFixed(2) + ' at step ' + s.goldPeak.step + ' (its checkpoint is kept)');
    for (const h of s.hacking) flags.push('<span class="flag">hacking flagged at step ' + h.step + '</span> (gold fell below its peak ' + h.goldPeak.toFixed(2) + ' while the proxy held)');
    document.getElementById('flags').innerHTML = flags.map((f) => '<div>' + f + '</div>').join('');
    if (s.actors && s.actors.length) {
      document.getElementById('actors').classList.remove('muted');
      document.getElementById('actors').innerHTML = '<table><tr><th>kind</th><th>id</th><th>lease age</th><th>running</th></tr>'
        + s.actors.map((a) => '<tr><td>' + esc(a.kind) + '</td><td>' + esc(a.actorId) + '</td><td>' + (a.silentMs / 1000).toFixed(1) + ' s</td><td>' + a.running + '</td></tr>').join('') + '</table>';
    }
    if (s.samples.length) {
      document.getElementById('samples').classList.remove('muted');
      document.getElementById('samples').innerHTML = '<table><tr><th>prompt</th><th>response</th><th>proxy</th><th>gold</th></tr>'
        + s.samples.map((x) => '<tr class="' + (x.overrated ? 'overrated' : '') + '"><td>' + esc(x.prompt).slice(0, 160) + '</td><td>' + esc(x.response).slice(0, 240) + '</td><td>' + x.proxy.toFixed(1) + (x.overrated ? ' <span class="flag">overrated</span>' : '') + '</td><td>' + x.gold.toFixed(1) + '</td></tr>').join('') + '</table>';
    }
    state.rounds = s.rounds.length;
    state.steps = s.steps.length;
  }
  async function poll() {
    try {
      const r = await fetch('/api/state', { cache: 'no-store' });
      if (r.ok) render(await r.json());
      else document.getElementById('summary').textContent = 'the server answered ' + r.status + ': ' + (await r.text());
    } catch (e) {
      document.getElementById('summary').textContent = 'the dashboard server is gone (the run ended?)';
    }
    setTimeout(poll, 1500);
  }
  poll();
})();
</script>
</body></html>
`;
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' }[c]!));
}
