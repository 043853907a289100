// A/B of loadPopulationFromFiles between two builds, in CPU time, for a noisy machine:
//   node --expose-gc benchmarks/ab-load.mjs <old worktree> <new worktree> <patients.csv> [pairs]
// Each worktree must be built (`npm run build`; its dist/node.js is imported). The two builds
// alternate in one process, the order swapped every pair, with a full GC before each load so
// neither pays for the other's garbage. Prints median CPU (user + system), page faults and
// the new/old ratios (of the medians, and the median of the per-pair ratios).
const [oldDir, newDir, path, reps = '12'] = process.argv.slice(2);
if (!oldDir || !newDir || !path || typeof globalThis.gc !== 'function') {
  console.error('usage: node --expose-gc benchmarks/ab-load.mjs <old worktree> <new worktree> <patients.csv> [pairs]');
  process.exit(2);
}
const { resolve } = await import('node:path');
const { pathToFileURL } = await import('node:url');
const load = async (dir) => (await import(pathToFileURL(resolve(dir, 'dist/node.js')).href)).loadPopulationFromFiles;
const A = await load(oldDir);
const B = await load(newDir);
const one = async (f) => {
  globalThis.gc();
  const c0 = process.cpuUsage();
  const f0 = process.resourceUsage().minorPageFault;
  await f({ patients: path }, { referenceDate: '2026-01-01' });
  const c = process.cpuUsage(c0);
  return { user: c.user / 1000, sys: c.system / 1000, cpu: (c.user + c.system) / 1000, faults: process.resourceUsage().minorPageFault - f0 };
};
for (let i = 0; i < 2; i++) { await one(A); await one(B); } // warm-up
const a = [];
const b = [];
const ratio = [];
for (let i = 0; i < +reps; i++) {
  let x;
  let y;
  if (i % 2 === 0) { x = await one(A); y = await one(B); } else { y = await one(B); x = await one(A); }
  a.push(x);
  b.push(y);
  ratio.push(y.cpu / x.cpu);
}
const med = (v) => { const s = [...v].sort((p, q) => p - q); return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2; };
const d = (v, k) => med(v.map((o) => o[k])).toFixed(0);
console.log(`${path} x${reps} pairs: old cpu ${d(a, 'cpu')} ms (user ${d(a, 'user')}, sys ${d(a, 'sys')}, faults ${d(a, 'faults')}); ` +
  `new cpu ${d(b, 'cpu')} ms (user ${d(b, 'user')}, sys ${d(b, 'sys')}, faults ${d(b, 'faults')}); ` +
  `new/old: ratio of medians ${(med(b.map((o) => o.cpu)) / med(a.map((o) => o.cpu))).toFixed(2)}, median paired ratio ${med(ratio).toFixed(2)} (range ${Math.min(...ratio).toFixed(2)}-${Math.max(...ratio).toFixed(2)})`);
