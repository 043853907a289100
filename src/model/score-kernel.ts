/**
 * The scoring loop. Internal.
 *
 * eta is accumulated column by column into the output buffer, a chunk of rows at a time so the
 * chunk of `out` stays in cache while every column streams through once; then the logistic is
 * applied in place. Each feature value is read exactly once: 8 bytes per person per
 * Float64Array feature. O(n p) time, no allocation beyond `out`.
 *
 * The kernel is built by {@link makeScoringKernel}, a function that refers to nothing outside
 * its own body, so the worker threads of `createScoringPool` (risk-stratify/node) run the very
 * same code from its source text: one kernel, the same bits on every thread.
 *
 * Where WebAssembly with SIMD is available (Node 20, current browsers) the arithmetic runs in
 * a small WebAssembly module, two rows per instruction; elsewhere (or where a content
 * security policy forbids compiling WebAssembly) in plain JavaScript. Both do the same
 * operations in the same order, so they give the same bits (the tests hold it).
 *
 * @module
 */
import type { FeatureColumn } from '../core/feature-matrix.js';
import { inflateBase64 } from '../core/inflate.js';
import { SCORE_KERNEL_WASM, SCORE_KERNEL_WASM_BYTES } from './score-kernel-wasm.js';

/**
 * `scoreInto(columns, coef, b0, start, len, out, offset)` writes the logistic of
 * `b0 + sum_j coef[j] * columns[j][start + i]` to `out[offset + i]`, i in [0, len).
 */
export type ScoreInto = (columns: readonly FeatureColumn[], coef: ArrayLike<number>, b0: number, start: number, len: number, out: Float64Array, offset: number) => void;

/**
 * Builds the scoring kernel. Self-contained on purpose (no reference to any import or module
 * constant): `createScoringPool` evaluates `makeScoringKernel.toString()` inside its workers.
 *
 * **The logistic.** `1 / (1 + exp(-e))` for e >= 0 and `t / (1 + t)`, t = exp(e), for e < 0,
 * so exp only ever sees -|e| <= 0 and never overflows. exp is computed here rather than by
 * `Math.exp` (a call into C for each person, about three quarters of the scoring time on 20
 * features): Tang's table method (ACM TOMS 15(2), 1989). With x = (32 m + j) ln2/32 + r,
 * |r| <= ln2/64, exp(x) = 2^m · 2^(j/32) · exp(r); ln2/32 is split into a head with trailing
 * zero bits and a tail (the fdlibm constants) so the reduction is exact for |x| < 2^15, and
 * exp(r) - 1 is its Taylor series to degree 6 (truncation below 4e-18). Measured against
 * `Math.exp` over 2 million points in [-708, 0]: at most 1 unit in the last place apart
 * (the model tests hold it). Below -708 (a probability under 1e-307) `Math.exp` is used: the
 * one step that may differ between JavaScript engines. Everything else is IEEE-754 arithmetic
 * on a written-out table, so a score has the same bits in Node and in a browser.
 *
 * **WebAssembly.** Given the module's bytes (`wasm`: {@link scoreKernelBytes}, compiled from
 * `scripts/score-kernel-wat.mjs`, or the same in base64), the sums and the logistic run there instead, on blocks of
 * rows. The module reads its own memory only, so:
 * - columns in a feature arena (src/core/feature-arena.ts: `buildFeatures` builds its columns
 *   in one, an unshared memory by default from 16,384 rows, a shared one with `shared: true`;
 *   `toFeatureMatrix(columns, { shared: true })` copies into one) are read in place, by a
 *   module instance for that arena's memory (for a shared one, the variant importing a shared
 *   memory, which `shareMemory` makes from the same bytes), which borrows one of the arena's scratch slots for its block.
 *   Columns of narrower types (Uint8, Uint16, Uint32, Float32, ...) are read in their own
 *   types and turned into doubles in registers (the typed sums), so a 0/1 flag costs one byte
 *   a person to read, not eight;
 * - other columns are copied, a group of four at a time, into the module's memory (typed
 *   array `set`, which also turns any column type into doubles). The copy costs less than the
 *   scalar arithmetic it replaces, but more than reading in place.
 * Without `wasm`, or when the module cannot be compiled (no SIMD; a content security policy),
 * the JavaScript loops run. The arena layout numbers below repeat `ARENA` (a test holds them).
 *
 * @param wasm - The kernel module's bytes (or the bytes in base64: a worker thread gets them
 *   as text), or undefined for the JavaScript kernel.
 * @param shareMemory - Makes the same module importing a shared memory, for feature arenas
 *   ({@link withSharedMemory}); without it, columns in a shared arena are copied.
 */
export function makeScoringKernel(wasm?: string | Uint8Array<ArrayBuffer>, shareMemory?: (bytes: Uint8Array<ArrayBuffer>) => Uint8Array<ArrayBuffer>): ScoreInto & { readonly engine: 'wasm-simd' | 'javascript'; readonly twoToJ: Float64Array } {
  const CHUNK = 4096;
  const TABLE = 32;
  const INV_STEP = TABLE / Math.LN2;
  const STEP_HI = 6.93147180369123816490e-1 / TABLE; // fdlibm ln2_hi: trailing zero bits
  const STEP_LO = 1.90821492927058770002e-10 / TABLE; // fdlibm ln2_lo
  const ROUND = 6755399441055744; // 1.5 · 2^52: (x + ROUND) - ROUND rounds x to a whole number
  const POW_BIAS = 1099;
  // 2^(j/32), each correctly rounded (written out: engines' Math.pow differ in the last bit
  // for some j, Node 20's for j = 15, 20, 23 and 24, so a computed table would make scores
  // depend on the engine). A test checks each against exact integer arithmetic.
  const twoToJ = Float64Array.of(
    1, 1.0218971486541166, 1.0442737824274138, 1.0671404006768237, 1.0905077326652577, 1.1143867425958924,
    1.1387886347566916, 1.1637248587775775, 1.189207115002721, 1.215247359980469, 1.241857812073484,
    1.2690509571917332, 1.2968395546510096, 1.3252366431597413, 1.3542555469368927, 1.383909881963832,
    1.4142135623730951, 1.4451808069770467, 1.4768261459394993, 1.5091644275934228, 1.5422108254079407,
    1.5759808451078865, 1.6104903319492543, 1.645755478153965, 1.681792830507429, 1.718619298122478,
    1.7562521603732995, 1.7947090750031072, 1.8340080864093424, 1.8741676341103, 1.9152065613971474,
    1.9571441241754002,
  );
  const twoToM = new Float64Array(POW_BIAS + 1); // twoToM[m + POW_BIAS] = 2^m, m in [-1099, 0]
  for (let m = 0; m <= POW_BIAS; m++) twoToM[m] = Math.pow(2, m - POW_BIAS);

  /** exp(x) for x <= 0 (NaN gives NaN). */
  function expNonPositive(x: number): number {
    if (x < -708) return Math.exp(x);
    const kd = x * INV_STEP + ROUND - ROUND;
    const k = kd | 0;
    const r = x - kd * STEP_HI - kd * STEP_LO;
    const p = r + r * r * (0.5 + r * (1 / 6 + r * (1 / 24 + r * (1 / 120 + r * (1 / 720)))));
    const t = twoToJ[k & (TABLE - 1)]!;
    return (t + t * p) * twoToM[(k >> 5) + POW_BIAS]!;
  }
  function addF64(out: Float64Array, o: number, col: Float64Array, start: number, len: number, c: number): void {
    for (let i = 0; i < len; i++) out[o + i] = out[o + i]! + c * col[start + i]!;
  }
  function add4(out: Float64Array, o: number, a: Float64Array, b: Float64Array, c: Float64Array, d: Float64Array, start: number, len: number, ca: number, cb: number, cc: number, cd: number): void {
    for (let i = 0; i < len; i++) {
      const k = start + i;
      out[o + i] = out[o + i]! + (ca * a[k]! + cb * b[k]! + cc * c[k]! + cd * d[k]!);
    }
  }
  function add4Any(out: Float64Array, o: number, a: FeatureColumn, b: FeatureColumn, c: FeatureColumn, d: FeatureColumn, start: number, len: number, ca: number, cb: number, cc: number, cd: number): void {
    for (let i = 0; i < len; i++) {
      const k = start + i;
      out[o + i] = out[o + i]! + (ca * a[k]! + cb * b[k]! + cc * c[k]! + cd * d[k]!);
    }
  }
  function addAny(out: Float64Array, o: number, col: FeatureColumn, start: number, len: number, c: number): void {
    for (let i = 0; i < len; i++) out[o + i] = out[o + i]! + c * col[start + i]!;
  }

  const simd = instantiate(wasm);
  if (simd !== null) return Object.assign(simd, { engine: 'wasm-simd' as const, twoToJ });
  return Object.assign(scoreJs, { engine: 'javascript' as const, twoToJ });

  /** The WebAssembly kernel, or null when there are no bytes or they cannot be compiled here. */
  function instantiate(module: string | Uint8Array<ArrayBuffer> | undefined): ScoreInto | null {
    if (module === undefined || typeof WebAssembly !== 'object' || (typeof module === 'string' && typeof atob !== 'function')) return null;
    const BLOCK = 16384; // rows per block in private memory: two blocks and four staged columns, 768 KB, stay in L2
    const STEP = 4; // rows per loop iteration of the module: lengths are rounded up to it
    const TABLE_AT = 256; // byte offset of the 2^(j/32) table, in private memory and in arenas
    const SLOTS_AT = 512; // arenas (ARENA in src/core/feature-arena.ts): the scratch slots start here
    const SLOT_BLOCKS = 6; // per slot: two blocks of etas, four staging areas (ARENA.SLOT_BLOCKS)
    const ARENA_MAGIC = 0x52534661;
    const REGISTRY = Symbol.for('risk-stratify.feature-arenas');
    // Sums into the block at o; the lag forms also take the logistic of ln values at lp (table
    // at t), interleaved, and return how far that got.
    type Eta4 = (o: number, a: number, b: number, c: number, d: number, n: number, ca: number, cb: number, cc: number, cd: number, b0: number) => void;
    type Eta1 = (o: number, a: number, n: number, ca: number, b0: number) => void;
    type Eta4Lag = (o: number, a: number, b: number, c: number, d: number, n: number, ca: number, cb: number, cc: number, cd: number, b0: number, lp: number, ln: number, t: number) => number;
    type Eta1Lag = (o: number, a: number, n: number, ca: number, b0: number, lp: number, ln: number, t: number) => number;
    type Eta4T = (o: number, a: number, b: number, c: number, d: number, n: number, ca: number, cb: number, cc: number, cd: number, b0: number, ta: number, tb: number, tc: number, td: number) => void;
    type Eta1T = (o: number, a: number, n: number, ca: number, b0: number, ta: number) => void;
    interface Exports {
      eta4: Eta4; eta4init: Eta4; eta1: Eta1; eta1init: Eta1;
      eta4lag: Eta4Lag; eta4initlag: Eta4Lag; eta1lag: Eta1Lag; eta1initlag: Eta1Lag;
      logistic: (o: number, n: number, t: number) => void;
      eta4t: Eta4T; eta4tinit: Eta4T; eta1t: Eta1T; eta1tinit: Eta1T;
    }
    type Instance = Exports & { heap: Float64Array };
    // Type tags of the typed sums (COLUMN_TYPES in scripts/score-kernel-wat.mjs, same order).
    const tagOf = (col: FeatureColumn): number => col instanceof Float64Array ? 0 : col instanceof Float32Array ? 1 : col instanceof Int32Array ? 2
      : col instanceof Uint32Array ? 3 : col instanceof Int16Array ? 4 : col instanceof Uint16Array ? 5 : col instanceof Int8Array ? 6 : 7;
    const decode = (b64: string): Uint8Array<ArrayBuffer> => {
      const raw = atob(b64);
      const bytes = new Uint8Array(raw.length);
      for (let i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
      return bytes;
    };
    const open = (module: WebAssembly.Module, memory: WebAssembly.Memory): Instance => {
      const x = new WebAssembly.Instance(module, { env: { memory, exp: Math.exp } }).exports as unknown as Exports;
      const heap = new Float64Array(memory.buffer);
      heap.set(twoToJ, TABLE_AT / 8); // the same doubles whichever thread writes them
      return {
        eta4: x.eta4, eta4init: x.eta4init, eta1: x.eta1, eta1init: x.eta1init,
        eta4lag: x.eta4lag, eta4initlag: x.eta4initlag, eta1lag: x.eta1lag, eta1initlag: x.eta1initlag,
        logistic: x.logistic, eta4t: x.eta4t, eta4tinit: x.eta4tinit, eta1t: x.eta1t, eta1tinit: x.eta1tinit, heap,
      };
    };
    let own: Instance;
    let ownModule: WebAssembly.Module;
    let sharedModule: WebAssembly.Module | null = null;
    let bytes: Uint8Array<ArrayBuffer>;
    try {
      bytes = typeof module === 'string' ? decode(module) : module;
      ownModule = new WebAssembly.Module(bytes);
      own = open(ownModule, new WebAssembly.Memory({ initial: Math.ceil((SLOTS_AT + SLOT_BLOCKS * BLOCK * 8) / 65536) }));
    } catch {
      return null; // no SIMD, or compiling WebAssembly is not allowed: the JavaScript kernel
    }
    try {
      if (shareMemory !== undefined) sharedModule = new WebAssembly.Module(shareMemory(bytes));
    } catch {
      sharedModule = null; // arenas are then copied like any other column
    }
    const arenas = new WeakMap<WebAssembly.Memory, Instance>();

    /**
     * Sums and logistic of rows [start, start + len) into out at offset, in blocks of `block`
     * rows, using SLOT_BLOCKS blocks of `k`'s memory from byte `at`: two blocks of etas taken
     * in turn, then four staging areas. The logistic of one block is spread over the sum
     * passes of the next (see the module text), and a block is copied out once its logistic
     * is done.
     */
    function run(k: Instance, at: number, block: number, inPlace: (col: FeatureColumn) => boolean, columns: readonly FeatureColumn[], coef: ArrayLike<number>, b0: number, start: number, len: number, out: Float64Array, offset: number): void {
      const heap = k.heap;
      const p = columns.length;
      const passes = Math.floor(p / 4) + (p % 4);
      // Columns in this memory are read in place, in their own types (tag); others are staged
      // as doubles (tag 0).
      const tags = columns.map((col) => (inPlace(col) ? tagOf(col) : 0));
      const pointer = (col: FeatureColumn, from: number, to: number, slot: number): number => {
        if (inPlace(col)) return col.byteOffset + from * col.BYTES_PER_ELEMENT;
        const o = at + (2 + slot) * block * 8;
        heap.set(col.subarray(from, to), o / 8);
        return o;
      };
      const copyOut = (etas: number, n: number, to: number): void => out.set(heap.subarray(etas / 8, etas / 8 + n), to);
      // Spreading the logistic over the next block's passes pays when the passes wait for
      // memory (columns read in place: 12% at 1M x 20); with staged columns the passes read
      // from cache, and a second block of etas only crowds it (10% slower), so each block's
      // logistic follows its own passes there.
      const interleave = p > 0 && columns.every((col) => col instanceof Float64Array && inPlace(col));
      let prev = -1; // byte offset of the previous block's etas, whose logistic is pending
      let prevLen = 0;
      let prevTo = 0;
      for (let s = 0, nb = 0; s < len; s += block, nb++) {
        const l = Math.min(block, len - s);
        const from = start + s;
        const to = from + l;
        const steps = Math.ceil(l / STEP) * STEP; // the lanes past l compute values never read
        const cur = at + (interleave ? nb & 1 : 0) * block * 8;
        if (p === 0) {
          heap.fill(b0, cur / 8, cur / 8 + steps);
          k.logistic(cur, steps, TABLE_AT);
          copyOut(cur, l, offset + s);
          continue;
        }
        // The previous block's logistic, a share per pass.
        const pending = prev < 0 ? 0 : Math.ceil(prevLen / STEP) * STEP;
        const share = Math.ceil(pending / passes / STEP) * STEP;
        let pass = 0;
        const lag = (sums: (lp: number, ln: number) => number): void => {
          const done = Math.min(pending, pass * share);
          const ln = Math.min(share, pending - done);
          const lp = prev < 0 ? cur : prev + done * 8;
          const reached = sums(lp, ln);
          if (reached < lp + ln * 8) k.logistic(reached, (lp + ln * 8 - reached) / 8, TABLE_AT);
          pass++;
        };
        let j = 0;
        for (; j + 3 < p; j += 4) {
          const pa = pointer(columns[j]!, from, to, 0);
          const pb = pointer(columns[j + 1]!, from, to, 1);
          const pc = pointer(columns[j + 2]!, from, to, 2);
          const pd = pointer(columns[j + 3]!, from, to, 3);
          const c0 = coef[j]!;
          const c1 = coef[j + 1]!;
          const c2 = coef[j + 2]!;
          const c3 = coef[j + 3]!;
          const ta = tags[j]!;
          const tb = tags[j + 1]!;
          const tc = tags[j + 2]!;
          const td = tags[j + 3]!;
          if ((ta | tb | tc | td) !== 0) (j === 0 ? k.eta4tinit : k.eta4t)(cur, pa, pb, pc, pd, steps, c0, c1, c2, c3, b0, ta, tb, tc, td);
          else if (!interleave) (j === 0 ? k.eta4init : k.eta4)(cur, pa, pb, pc, pd, steps, c0, c1, c2, c3, b0);
          else {
            const f = j === 0 ? k.eta4initlag : k.eta4lag;
            lag((lp, ln) => f(cur, pa, pb, pc, pd, steps, c0, c1, c2, c3, b0, lp, ln, TABLE_AT));
          }
        }
        for (; j < p; j++) {
          const pa = pointer(columns[j]!, from, to, 0);
          const c0 = coef[j]!;
          if (tags[j] !== 0) (j === 0 ? k.eta1tinit : k.eta1t)(cur, pa, steps, c0, b0, tags[j]!);
          else if (!interleave) (j === 0 ? k.eta1init : k.eta1)(cur, pa, steps, c0, b0);
          else {
            const f = j === 0 ? k.eta1initlag : k.eta1lag;
            lag((lp, ln) => f(cur, pa, steps, c0, b0, lp, ln, TABLE_AT));
          }
        }
        if (prev >= 0) copyOut(prev, prevLen, prevTo);
        prev = cur;
        prevLen = l;
        prevTo = offset + s;
        if (!interleave) {
          k.logistic(cur, steps, TABLE_AT);
          copyOut(cur, l, offset + s);
          prev = -1;
        }
      }
      if (prev >= 0) {
        k.logistic(prev, Math.ceil(prevLen / STEP) * STEP, TABLE_AT);
        copyOut(prev, prevLen, prevTo);
      }
    }

    /**
     * The arena memory of the first column that is in one (whose columns are then read in
     * place; any others are copied in), if a module for it is at hand.
     */
    function arenaOf(columns: readonly FeatureColumn[]): WebAssembly.Memory | null {
      const registry = (globalThis as unknown as Record<symbol, WeakMap<ArrayBufferLike, WebAssembly.Memory> | undefined>)[REGISTRY];
      if (registry === undefined) return null;
      for (const col of columns) {
        const m = registry.get(col.buffer);
        if (m !== undefined) return m.buffer instanceof ArrayBuffer || sharedModule !== null ? m : null;
      }
      return null;
    }

    return function scoreIntoWasm(columns, coef, b0, start, len, out, offset) {
      const memory = len > 0 ? arenaOf(columns) : null;
      if (memory !== null) {
        const header = new Int32Array(memory.buffer, 0, 64);
        if (header[0] === ARENA_MAGIC) {
          const slots = header[1]!;
          const block = header[2]!;
          for (let slot = 0; slot < slots; slot++) {
            if (Atomics.compareExchange(header, 4 + slot, 0, 1) !== 0) continue; // in use by another thread
            try {
              let k = arenas.get(memory);
              if (k === undefined) arenas.set(memory, (k = open(memory.buffer instanceof ArrayBuffer ? ownModule : sharedModule!, memory)));
              const buffer = memory.buffer;
              run(k, SLOTS_AT + slot * SLOT_BLOCKS * block * 8, block, (col) => col.buffer === buffer, columns, coef, b0, start, len, out, offset);
            } finally {
              Atomics.store(header, 4 + slot, 0);
            }
            return;
          }
        }
      }
      run(own, SLOTS_AT, BLOCK, () => false, columns, coef, b0, start, len, out, offset);
    };
  }

  function scoreJs(columns: readonly FeatureColumn[], coef: ArrayLike<number>, b0: number, start: number, len: number, out: Float64Array, offset: number): void {
    const p = columns.length;
    for (let s = 0; s < len; s += CHUNK) {
      const l = Math.min(CHUNK, len - s);
      const o = offset + s;
      out.fill(b0, o, o + l);
      // Four columns per sweep (one load and store of out per four features), then single
      // columns: eta = b0 + (c1 x1 + c2 x2 + c3 x3 + c4 x4) + (c5 x5 + ...) + ... The SQL
      // export writes the same grouping, so the library and the warehouse round identically.
      let j = 0;
      while (j < p) {
        const a = columns[j]!;
        if (j + 3 < p) {
          const b = columns[j + 1]!;
          const c = columns[j + 2]!;
          const d = columns[j + 3]!;
          if (a instanceof Float64Array && b instanceof Float64Array && c instanceof Float64Array && d instanceof Float64Array) {
            add4(out, o, a, b, c, d, start + s, l, coef[j]!, coef[j + 1]!, coef[j + 2]!, coef[j + 3]!);
          } else {
            add4Any(out, o, a, b, c, d, start + s, l, coef[j]!, coef[j + 1]!, coef[j + 2]!, coef[j + 3]!);
          }
          j += 4;
        } else {
          if (a instanceof Float64Array) addF64(out, o, a, start + s, l, coef[j]!);
          else addAny(out, o, a, start + s, l, coef[j]!);
          j++;
        }
      }
      for (let i = o; i < o + l; i++) {
        const e = out[i]!;
        if (e >= 0) {
          out[i] = 1 / (1 + expNonPositive(-e));
        } else {
          const t = expNonPositive(e);
          out[i] = t / (1 + t);
        }
      }
    }
  }
}

/** The grouping of features used by the kernel (and mirrored in SQL): groups of 4, then singles. */
export function featureGroups(p: number): number[][] {
  const groups: number[][] = [];
  let j = 0;
  for (; j + 3 < p; j += 4) groups.push([j, j + 1, j + 2, j + 3]);
  for (; j < p; j++) groups.push([j]);
  return groups;
}

/**
 * The kernel module's bytes made to import a shared memory (`(memory 1 65536 shared)`) instead
 * of an ordinary one: the one import's limits are rewritten (flags 3, the same minimum, a
 * maximum of 65,536 pages) and the import section's size with them; every other byte is kept.
 * So one module ships, and the variant for shared feature arenas is made on the first score.
 * Self-contained (no reference to any import or module constant): `createScoringPool` also
 * evaluates its source text in workers. A test holds it equal to what wabt compiles from the
 * shared text.
 */
export function withSharedMemory(bytes: Uint8Array<ArrayBuffer>): Uint8Array<ArrayBuffer> {
  let at = 8; // after the magic number and the version
  const u32 = (): number => {
    let v = 0;
    let shift = 0;
    for (;;) {
      const b = bytes[at++]!;
      v += (b & 0x7f) * 2 ** shift;
      if (b < 0x80) return v;
      shift += 7;
    }
  };
  const leb = (v: number): number[] => {
    const out: number[] = [];
    do {
      const b = v % 128;
      v = Math.floor(v / 128);
      out.push(v > 0 ? b | 0x80 : b);
    } while (v > 0);
    return out;
  };
  while (at < bytes.length) {
    const sectionAt = at;
    const id = bytes[at++]!;
    const size = u32();
    const start = at;
    if (id !== 2) {
      at = start + size;
      continue;
    }
    const count = u32();
    for (let i = 0; i < count; i++) {
      for (let name = 0; name < 2; name++) {
        const length = u32(); // the module's name, then the field's
        at += length;
      }
      const kind = bytes[at++]!;
      if (kind === 0) u32(); // a function: its type
      else if (kind === 3) at += 2; // a global: its type and mutability
      else if (kind === 4) { at++; u32(); } // a tag
      else {
        if (kind === 1) at++; // a table: its element type, then limits
        const limitsAt = at;
        const flags = bytes[at++]!;
        const minimum = u32();
        if (flags & 1) u32();
        if (kind !== 2) continue;
        const limits = [3, ...leb(minimum), ...leb(65536)];
        const content = [...bytes.subarray(start, limitsAt), ...limits, ...bytes.subarray(at, start + size)];
        return Uint8Array.from([...bytes.subarray(0, sectionAt), 2, ...leb(content.length), ...content, ...bytes.subarray(start + size)]);
      }
    }
    break;
  }
  throw new Error('the kernel module imports no memory');
}

let kernel: ReturnType<typeof makeScoringKernel> | undefined;

/**
 * The kernel of this thread (see {@link makeScoringKernel}): WebAssembly where it can run,
 * compiled on the first call (the first score), not when the package is imported.
 */
export function scoringKernel(): ReturnType<typeof makeScoringKernel> {
  return (kernel ??= makeScoringKernel(scoreKernelBytes(), withSharedMemory));
}

/**
 * The scoring kernel module's bytes (it ships deflated: src/core/inflate.ts), or undefined
 * where they cannot be had (no `atob`): the JavaScript kernel then runs. Internal.
 */
export function scoreKernelBytes(): Uint8Array<ArrayBuffer> | undefined {
  try {
    return inflateBase64(SCORE_KERNEL_WASM, SCORE_KERNEL_WASM_BYTES) ?? undefined;
  } catch {
    return undefined;
  }
}
