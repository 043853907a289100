// Data stage benchmark: CSV parsing and loadPopulation at 100k / 1M rows, with arquero's
// fromCSV as a peer in the same run. Run after `npm run build`:
//   node benchmarks/data-load.mjs [sizes...]      e.g. node benchmarks/data-load.mjs 100000 1000000
// Prints one JSON object (medians of 3 runs, milliseconds, wall and CPU).
import { fromCSV } from 'arquero';
import { loadPopulation, parseCsv } from '../dist/index.js';

const sizes = process.argv.slice(2).map(Number).filter((n) => n > 0);
if (sizes.length === 0) sizes.push(100_000, 1_000_000);

function patientsCsv(n) {
  const lines = ['id,practiceId,sex,birthDate,registeredFrom,imdDecile,careHome,optedOut,ethnicity'];
  for (let i = 0; i < n; i++) {
    lines.push(`p${i},A${i % 500},${i % 2 ? 'F' : 'M'},19${10 + (i % 90)}-0${1 + (i % 9)}-1${i % 10},2001-01-01,${1 + (i % 10)},0,0,White British`);
  }
  return lines.join('\n');
}
function activityCsv(n, people) {
  const lines = ['patientId,date,setting,emergency,dischargeDate,primaryDiagnosis,cost'];
  const settings = ['inpatient', 'ae', 'outpatient', 'gp'];
  for (let i = 0; i < n; i++) {
    const d = `2023-0${1 + (i % 9)}-1${i % 10}`;
    lines.push(`p${(i * 7) % people},${d},${settings[i % 4]},${i % 2},${i % 4 === 0 ? `2023-0${1 + (i % 9)}-2${i % 10}` : ''},J44${i % 10},${i % 1000}`);
  }
  return lines.join('\n');
}
// Median wall time and median CPU time (user + system, all threads) in ms: on a shared,
// busy machine the CPU time is the steadier of the two.
function median(f, runs = 3) {
  const wall = [];
  const cpu = [];
  for (let r = 0; r < runs; r++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    f();
    wall.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
  }
  const mid = (a) => Math.round(a.sort((x, y) => x - y)[Math.floor(runs / 2)]);
  return { wall: mid(wall), cpu: mid(cpu) };
}

const results = [];
for (const n of sizes) {
  const patients = patientsCsv(n);
  const activity = activityCsv(n, n);
  results.push({
    rows: n,
    csvMB: +(patients.length / 1e6).toFixed(1),
    parseCsvPatients: median(() => parseCsv(patients)),
    arqueroFromCsvPatients: median(() => fromCSV(patients, { autoType: false })),
    loadPopulationPatients: median(() => loadPopulation({ patients }, { referenceDate: '2024-04-01' })),
    loadPopulationPatientsAndActivity: median(() => loadPopulation({ patients, activity }, { referenceDate: '2024-04-01' })),
  });
}
process.stdout.write(`${JSON.stringify({ benchmark: 'data-load', node: process.version, results }, null, 1)}\n`);
