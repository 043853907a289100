// `npm run bench`: every benchmark at 100k and 1M people (10M with --10m), each stage in a
// fresh Node process so its peak memory is its own, the memory-bandwidth limit and the
// peers (R, statsmodels, scikit-learn, numpy, pandas) in the same run, then
// benchmarks/results/<date>.json and benchmarks/results/latest.md (included in docs/performance-and-scale.md).
//
// Flags: --10m (add 10M), --quick (100k only, fewer runs), --only a,b (stages),
//        --sizes 1M,10M (instead of the default sizes), --no-peers, --runs N.
// Rows of today's results file that a run does not measure are kept (a run with --only, or a
// whole run after a --10m --only run), each labelled with the run that measured it.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeDesign, makeFeaturesDesign, writeDesignCSV } from './lib/design.mjs';
import { writePatientsCSV } from './lib/patients-csv.mjs';
import { STAGES } from './stages.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const flag = (name) => args.includes(name);
const value = (name, d) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : d; };
const quick = flag('--quick');
const sizes = value('--sizes', '') ? value('--sizes', '').split(',') : quick ? ['100k'] : ['100k', '1M', ...(flag('--10m') ? ['10M'] : [])];
const runs = Number(value('--runs', quick ? 3 : 7));
const only = value('--only', '') ? value('--only', '').split(',') : Object.keys(STAGES);
const dataDir = join(here, 'data');
mkdirSync(dataDir, { recursive: true });
mkdirSync(join(here, 'results'), { recursive: true });
const log = (s) => process.stderr.write(`${s}\n`);

const machine = {
  node: process.version, platform: `${os.platform()} ${os.release()}`, cpu: os.cpus()[0]?.model ?? 'unknown',
  cores: os.cpus().length, memoryGB: Math.round(os.totalmem() / 2 ** 30), date: new Date().toISOString(),
  loadAverageAtStart: os.loadavg().map((v) => Number(v.toFixed(2))),
};
const uptime = () => { try { return execFileSync('uptime', { encoding: 'utf8' }).trim(); } catch { return `load average ${os.loadavg().map((v) => v.toFixed(2)).join(', ')}`; } };
machine.uptimeAtStart = uptime();
log(`risk-stratify benchmarks on ${machine.cpu} (${machine.cores} cores), Node ${machine.node}; sizes ${sizes.join(', ')}`);

// Shared data for us and the peers: the design (n x 20 + y) and a patients CSV per size.
for (const size of sizes) {
  const p = join(dataDir, size, 'design.csv');
  if (size !== '10M' && !existsSync(p)) {
    mkdirSync(join(dataDir, size), { recursive: true });
    log(`writing ${p}`);
    await writeDesignCSV(makeDesign(Number(size.replace('k', '000').replace('M', '000000'))), p);
  }
  const fp = join(dataDir, size, 'features.csv'); // the buildFeatures-shaped design (fit stage)
  if (size !== '10M' && !existsSync(fp)) {
    log(`writing ${fp}`);
    await writeDesignCSV(makeFeaturesDesign(Number(size.replace('k', '000').replace('M', '000000'))), fp);
  }
  const q = join(dataDir, size, 'patients.csv');
  if (size !== '10M' && !existsSync(q)) {
    log(`writing ${q}`);
    writePatientsCSV(Number(size.replace('k', '000').replace('M', '000000')), q);
  }
}

const results = [];
for (const size of sizes) {
  for (const stage of only) {
    if (!STAGES[stage]) { log(`unknown stage ${stage}`); continue; }
    if (size === '10M' && !STAGES[stage].at10M) continue;
    log(`${stage} @ ${size} ...`);
    const r = spawnSync(process.execPath, ['--max-old-space-size=16000', join(here, 'stage.mjs'), stage, size, String(runs), dataDir], { encoding: 'utf8', maxBuffer: 1 << 26 });
    if (r.status !== 0) {
      log(`  failed: ${(r.stderr || '').trim().split('\n').slice(-3).join(' | ')}`);
      results.push({ stage, size, error: (r.stderr || '').trim().split('\n').slice(-1)[0] ?? 'failed' });
      continue;
    }
    for (const line of r.stdout.trim().split('\n')) {
      if (!line.startsWith('{')) continue;
      const row = JSON.parse(line);
      results.push({ stage, size, ...row });
      log(`  ${row.impl}: ${row.ms?.toFixed?.(1) ?? row.ms} ms${row.note ? ` (${row.note})` : ''}`);
      if (Array.isArray(row.coef)) row.coef = row.coef.map((v) => Number(v.toPrecision(17)));
    }
  }
}

const peers = {};
// The peers run on one thread, as our one-thread rows do (fitRiskModel, model.score,
// selectCohort, auroc): Debian's numpy may sit on OpenBLAS, which would otherwise take every
// core. Our two-thread rows (createScoringPool, fitRiskModelParallel) say so.
const oneThread = { ...process.env, OPENBLAS_NUM_THREADS: '1', OMP_NUM_THREADS: '1', MKL_NUM_THREADS: '1' };
if (!flag('--no-peers')) {
  for (const size of sizes.filter((s) => s !== '10M')) {
    peers[size] = {};
    const dir = join(dataDir, size);
    const py = '/usr/bin/python3';
    if (existsSync(py)) {
      try {
        log(`python peers @ ${size} ...`);
        peers[size].python = JSON.parse(execFileSync(py, [join(here, 'peers/peers.py'), dir, String(Math.min(runs, 5))], { encoding: 'utf8', maxBuffer: 1 << 26, env: oneThread }).trim().split('\n').pop());
      } catch (e) { log(`python peers failed: ${String(e.message).split('\n')[0]}`); }
    } else log('python peers skipped: /usr/bin/python3 not installed (apt-get install python3-sklearn python3-statsmodels python3-pandas)');
    try {
      execFileSync('Rscript', ['--version'], { stdio: 'ignore' });
      log(`R peers @ ${size} ...`);
      peers[size].R = JSON.parse(execFileSync('Rscript', [join(here, 'peers/peers.R'), dir, String(Math.min(runs, 3))], { encoding: 'utf8', maxBuffer: 1 << 26, env: oneThread }).trim().split('\n').pop());
    } catch (e) { log(`R peers skipped: ${String(e.message).split('\n')[0]} (apt-get install r-base-core r-cran-data.table r-cran-proc)`); }
  }
}

machine.loadAverageAtEnd = os.loadavg().map((v) => Number(v.toFixed(2)));
machine.uptimeAtEnd = uptime();
const stamp = machine.date.slice(0, 10);
// What a dashboard pays to embed the core: bundle bytes and import time (no timing loop to flatter).
const { BUNDLES, IMPORTS, measureBundle, importCost } = await import('./bundle-size.mjs');
const embedding = { bundles: [], imports: IMPORTS.map((i) => ({ ...i, ...importCost(i) })), loadAverage: os.loadavg().map((v) => Number(v.toFixed(2))) };
for (const b of BUNDLES) embedding.bundles.push({ ...b, ...(await measureBundle(b)) });
let out = { machine, sizes, runs, results, peers, embedding };
const todayFile = join(here, 'results', `${stamp}.json`);
if (existsSync(todayFile)) {
  // Rows of today's file that this run did not measure (another stage, or another size: the
  // 10M runs are long and run on their own) are kept, each with the run that measured it.
  const prev = JSON.parse(readFileSync(todayFile, 'utf8'));
  const key = (r) => `${r.stage}|${r.size}`;
  const mine = new Set(results.map(key));
  const kept = prev.results.filter((r) => !mine.has(key(r)));
  const order = Object.keys(STAGES);
  const sizeOrder = ['100k', '1M', '10M'];
  const merged = [...kept, ...results].sort((a, b) => sizeOrder.indexOf(a.size) - sizeOrder.indexOf(b.size) || order.indexOf(a.stage) - order.indexOf(b.stage));
  const allSizes = [...new Set([...prev.sizes, ...sizes])].sort((a, b) => sizeOrder.indexOf(a) - sizeOrder.indexOf(b));
  const covers = (p, r) => p.only.split(',').includes(r.stage) && p.sizes.includes(r.size);
  if (value('--only', '')) {
    out = { machine: prev.machine, partialRuns: [...(prev.partialRuns ?? []), { ...machine, only: value('--only', ''), sizes }], sizes: allSizes, runs: prev.runs, results: merged, peers: { ...prev.peers, ...peers }, embedding };
  } else if (kept.length > 0) {
    // A whole run after partial ones: this run is the file's run; the rows it kept name theirs.
    const earlier = (prev.partialRuns ?? []).filter((p) => kept.some((r) => covers(p, r)));
    const fromPrev = kept.filter((r) => !earlier.some((p) => covers(p, r)));
    if (fromPrev.length > 0) earlier.unshift({ ...prev.machine, only: [...new Set(fromPrev.map((r) => r.stage))].join(','), sizes: [...new Set(fromPrev.map((r) => r.size))] });
    out = { machine, partialRuns: earlier, sizes: allSizes, runs, results: merged, peers: { ...prev.peers, ...peers }, embedding };
  }
}
writeFileSync(join(here, 'results', `${stamp}.json`), `${JSON.stringify(out, null, 2)}\n`);
const { toMarkdown, toScaleMarkdown } = await import('./lib/report.mjs');
writeFileSync(join(here, 'results', 'latest.md'), toMarkdown(out));
writeFileSync(join(here, 'results', 'scale.md'), toScaleMarkdown(out));
log(`wrote benchmarks/results/${stamp}.json and benchmarks/results/latest.md`);
process.stdout.write(toMarkdown(out));
// The Benchmarks section of docs/performance-and-scale.md includes latest.md between its markers.
await import('./update-readme.mjs');
