/**
 * Seeded pseudo-random numbers (xoshiro128**, seeded through splitmix32). The library
 * never uses the global random source: every draw comes from an {@link Rng} made from a seed, so the
 * same seed gives the same bytes.
 *
 * @module
 */

/** A seeded random source. */
export interface Rng {
  /** Uniform 32-bit unsigned integer. */
  nextUint32(): number;
  /** Uniform on [0, 1) with 53 random bits. */
  uniform(): number;
  /** Uniform integer in [0, n). */
  int(n: number): number;
  /** Standard normal (Box-Muller, cached pair). */
  normal(): number;
  /** Poisson(lambda): inversion for small lambda, PTRS-free normal approximation never used. */
  poisson(lambda: number): number;
  /** Bernoulli(p) as 0/1. */
  bernoulli(p: number): number;
  /** Gamma(shape, 1) by Marsaglia-Tsang. */
  gamma(shape: number): number;
  /** An independent stream derived from this seed and `stream` (does not advance this one). */
  fork(stream: number): Rng;
}

function splitmix32(state: number): [number, number] {
  const s = (state + 0x9e3779b9) | 0;
  let z = s;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  z ^= z >>> 16;
  return [s, z >>> 0];
}

/** Hashes a string or number seed to 32 bits (FNV-1a over the decimal/text form). */
export function hashSeed(seed: number | string): number {
  const text = typeof seed === 'number' ? `n:${seed}` : `s:${seed}`;
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/**
 * Makes a seeded random source.
 *
 * @example
 * createRng(42).uniform() === createRng(42).uniform(); // => true
 */
export function createRng(seed: number | string): Rng {
  return fromState(hashSeed(seed));
}

function fromState(seed32: number): Rng {
  let st = seed32 | 0;
  let a: number, b: number, c: number, d: number;
  [st, a] = splitmix32(st);
  [st, b] = splitmix32(st);
  [st, c] = splitmix32(st);
  [st, d] = splitmix32(st);
  if ((a | b | c | d) === 0) a = 1;
  let spare = Number.NaN;

  const nextUint32 = (): number => {
    const result = Math.imul(rotl(Math.imul(b, 5), 7), 9) >>> 0;
    const t = b << 9;
    c ^= a;
    d ^= b;
    b ^= c;
    a ^= d;
    c ^= t;
    d = rotl(d, 11);
    return result;
  };
  const uniform = (): number => {
    const hi = nextUint32() >>> 5;
    const lo = nextUint32() >>> 6;
    return (hi * 67108864 + lo) / 9007199254740992;
  };
  const normal = (): number => {
    if (!Number.isNaN(spare)) {
      const s = spare;
      spare = Number.NaN;
      return s;
    }
    let u = 0;
    while (u === 0) u = uniform();
    const v = uniform();
    const r = Math.sqrt(-2 * Math.log(u));
    spare = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  };
  const gamma = (shape: number): number => {
    if (shape < 1) {
      const u = uniform();
      return gamma(shape + 1) * Math.pow(u === 0 ? Number.MIN_VALUE : u, 1 / shape);
    }
    const dd = shape - 1 / 3;
    const cc = 1 / Math.sqrt(9 * dd);
    for (;;) {
      let x: number, v: number;
      do {
        x = normal();
        v = 1 + cc * x;
      } while (v <= 0);
      v = v * v * v;
      const u = uniform();
      if (u < 1 - 0.0331 * x * x * x * x) return dd * v;
      if (Math.log(u) < 0.5 * x * x + dd * (1 - v + Math.log(v))) return dd * v;
    }
  };
  const poisson = (lambda: number): number => {
    if (!(lambda > 0)) return 0;
    if (lambda < 30) {
      const L = Math.exp(-lambda);
      let k = 0;
      let p = uniform();
      while (p > L) {
        k++;
        p *= uniform();
      }
      return k;
    }
    // Large lambda: sum of a gamma-based split keeps exactness (Ahrens-Dieter style recursion).
    const m = Math.floor(0.875 * lambda);
    const g = gamma(m);
    if (g > lambda) {
      // Binomial(m - 1, lambda / g)
      let k = 0;
      const p = lambda / g;
      for (let i = 0; i < m - 1; i++) if (uniform() < p) k++;
      return k;
    }
    return m + poisson(lambda - g);
  };
  return {
    nextUint32,
    uniform,
    int: (n: number) => Math.floor(uniform() * n),
    normal,
    poisson,
    bernoulli: (p: number) => (uniform() < p ? 1 : 0),
    gamma,
    fork: (stream: number) => fromState((seed32 ^ Math.imul(stream + 1, 0x9e3779b1)) >>> 0),
  };
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}
