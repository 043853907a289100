// Turns a benchmark run into the markdown table the README includes: every stage and size,
// then each target from DESIGN.md section 5 as a ratio measured in the same run.
const f = (x, d = 1) => (x === undefined || x === null || Number.isNaN(x) ? 'n/a' : Number(x).toFixed(d));

function find(out, stage, size, impl) {
  return out.results.find((r) => r.stage === stage && r.size === size && (impl === undefined || r.impl === impl));
}

export function targets(out, size = '1M') {
  const py = out.peers?.[size]?.python ?? {};
  const R = out.peers?.[size]?.R ?? {};
  const bw = find(out, 'bandwidth', size);
  const row = (what, ours, peerName, peer, goal, pass) => ({ what, ours, peerName, peer, ratio: ours && peer ? ours / peer : undefined, goal, pass });
  const fit = find(out, 'fit', size, 'risk-stratify fitRiskModel');
  const score = find(out, 'score', size, 'risk-stratify score');
  const top = find(out, 'select', size, 'risk-stratify selectCohort (per practice)');
  const auc = find(out, 'auroc', size, 'risk-stratify auroc');
  const load = find(out, 'load', size, 'risk-stratify loadPopulation');
  const rows = [
    row('fit 20 features to glm precision', fit?.ms, 'statsmodels Newton', py.fit_statsmodels_newton, '< 1 (aim 0.5)', (r) => r < 1),
    row('fit (vs R glm)', fit?.ms, 'R glm', R.fit_glm, '', () => true),
    row('score 20 features', score?.ms, 'numpy', py.score_numpy, '<= 1', (r) => r <= 1),
    row('score vs bandwidth limit', score?.ms, 'Float64Array sum of 160 MB', bw?.ms, '<= 2.5', (r) => r <= 2.5),
    row('top 2% per practice', top?.ms, 'numpy argpartition (population-wide)', py.top2_argpartition, '<= 1', (r) => r <= 1),
    row('AUROC (exact, ties half)', auc?.ms, 'scikit-learn roc_auc_score', py.auroc_sklearn, '<= 0.5', (r) => r <= 0.5),
    row('load patients CSV to Population', load?.ms, 'pandas read_csv', py.load_csv_pandas, '<= 1', (r) => r <= 1),
  ];
  return rows.map((r) => ({ ...r, met: r.ratio === undefined ? 'n/a' : r.pass(r.ratio) ? 'yes' : 'no' }));
}

export function toMarkdown(out) {
  const m = out.machine;
  let s = `Measured ${m.date.slice(0, 10)} on ${m.cpu}, ${m.cores} cores, ${m.memoryGB} GB, Node ${m.node}; medians of ${out.runs} runs after a warm-up.\n\n`;
  for (const size of out.sizes.filter((z) => z !== '10M')) {
    const t = targets(out, size);
    if (t.every((r) => r.ratio === undefined)) continue;
    s += `**Targets at ${size}** (ratio = ours / peer, same run)\n\n| task | ours (ms) | peer | peer (ms) | ratio | goal | met |\n|---|---:|---|---:|---:|---|---|\n`;
    for (const r of t) s += `| ${r.what} | ${f(r.ours)} | ${r.peerName} | ${f(r.peer)} | ${f(r.ratio, 2)} | ${r.goal} | ${r.met} |\n`;
    s += '\n';
  }
  s += '**Every stage**\n\n| stage | size | implementation | median (ms) | peak RSS (MB) | note |\n|---|---|---|---:|---:|---|\n';
  for (const r of out.results) {
    s += `| ${r.stage} | ${r.size} | ${r.impl ?? ''} | ${r.error ? 'failed' : f(r.ms)} | ${f(r.peakRssMB, 0)} | ${r.error ?? r.note ?? ''} |\n`;
  }
  const peerRows = Object.entries(out.peers ?? {}).flatMap(([size, p]) => Object.values(p).map((v) => ({ size, ...v })));
  if (peerRows.length) {
    s += '\n**Peers (same data, same run)**\n\n| peer | size | task | median (ms) |\n|---|---|---|---:|\n';
    for (const p of peerRows) for (const [k, v] of Object.entries(p)) if (typeof v === 'number' && !k.startsWith('auroc_value')) s += `| ${p.peer} | ${p.size} | ${k} | ${f(v)} |\n`;
  }
  return s;
}
