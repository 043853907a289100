// Times generatePopulation (not a test; nothing is asserted). Run after a build:
//   npm run build && node benchmarks/synth-generate.mjs [size=1000000] [runs=3]
// Prints wall and CPU time for the default options (GP contacts and outpatients on) and
// for the lighter variant without them, with the number of events generated.
import { generatePopulation } from '../dist/index.js';

const size = Number(process.argv[2] ?? 1_000_000);
const runs = Number(process.argv[3] ?? 3);
generatePopulation({ size: 2_000, seed: 2 }); // warm-up
for (const [label, extra] of [['all activity', {}], ['no GP/outpatient events', { gpContacts: false, outpatients: false }]]) {
  const wall = [];
  const cpu = [];
  let events = 0;
  for (let r = 0; r < runs; r++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const { population } = generatePopulation({ size, years: 3, seed: 1, ...extra });
    wall.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
    events = population.activity.date.length;
  }
  const med = (a) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)];
  console.log(JSON.stringify({ size, years: 3, variant: label, events, wallMs: Math.round(med(wall)), cpuMs: Math.round(med(cpu)), runs }));
}
