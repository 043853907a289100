// The WebAssembly text of the scoring kernel (src/model/score-kernel.ts), generated so that
// every constant is written from its formula, bit for bit, and the two-row SIMD steps are
// unrolled without copying them by hand. `node scripts/build-score-kernel.mjs` compiles it
// with wabt into src/model/score-kernel-wasm.ts; test/model/score-kernel-wasm.test.ts checks
// that the committed bytes are what this text compiles to.
//
// The arithmetic is the JavaScript kernel's, operation for operation and in the same order
// (WebAssembly has no fused multiply-add in this feature set, and f64x2 lanes round like
// scalar doubles), so both give the same bits; the tests hold that on random input.
//
// Memory layout is the caller's: byte pointers to the 2^(j/32) table, the block of eta/out
// values and the feature columns. Lengths are rounded up by the caller to whole steps of
// STEP rows; the extra lanes compute throw-away values.

/** Rows handled per loop iteration (two f64x2 vectors). */
export const STEP = 4;

const TABLE = 32;
const INV_STEP = TABLE / Math.LN2;
const STEP_HI = 6.93147180369123816490e-1 / TABLE; // fdlibm ln2_hi: trailing zero bits
const STEP_LO = 1.90821492927058770002e-10 / TABLE; // fdlibm ln2_lo
const ROUND = 6755399441055744; // 1.5 * 2^52

const hex = (x) => `0x${new BigUint64Array(new Float64Array([x]).buffer)[0].toString(16).padStart(16, '0')}`;
/** A double as an exact bit pattern (no decimal parsing in between). */
const f64 = (x) => `(f64.reinterpret_i64 (i64.const ${hex(x)}))`;
const v64 = (x) => `(v128.const i64x2 ${hex(x)} ${hex(x)})`;
const get = (name) => `(local.get $${name})`;
const vlocals = (names) => names.map((n) => `(local $${n} v128)`).join(' ');
const unroll = (fn) => Array.from({ length: STEP / 2 }, (_, u) => fn(u)).join('');

/** exp(r) - 1 by its Taylor series to degree 6, Horner form: the JavaScript kernel's p. */
const series = (r, add, mul, c) =>
  `(${add} ${r} (${mul} (${mul} ${r} ${r}) (${add} ${c(0.5)} (${mul} ${r} (${add} ${c(1 / 6)} (${mul} ${r} (${add} ${c(1 / 24)} (${mul} ${r} (${add} ${c(1 / 120)} (${mul} ${r} ${c(1 / 720)}))))))))))`;

/**
 * eta over a block: out = (init ? b0 : out) + (((ca a + cb b) + cc c) + cd d), or the one-column
 * form out = (init ? b0 : out) + ca a. The JavaScript kernel's grouping, which the SQL export
 * also writes.
 *
 * With `lag`, interleaved with it, the logistic of `ln` values at `p` (the previous block's
 * etas, whose sums are complete): a step of the logistic after each step of sums whenever the
 * share is due, so the arithmetic of the logistic runs while the sums wait for memory. Returns
 * how far it got (a byte pointer); the caller finishes the rest with `logistic`. The logistic
 * of a value does not depend on when it is computed: the same bits. Without `lag` (columns
 * staged in cache, where the sums do not wait) the loop is the sums alone.
 */
function etaFunction(name, width, init, lag) {
  const cols = ['a', 'b', 'c', 'd'].slice(0, width);
  const load = (col, u) => `(v128.load offset=${u * 16} (i32.add ${get(col)} ${get('i')}))`;
  const term = (col, u) => `(f64x2.mul ${get(`v${col}`)} ${load(col, u)})`;
  const sum = (u) => cols.slice(1).reduce((acc, col) => `(f64x2.add ${acc} ${term(col, u)})`, term(cols[0], u));
  const pair = (u) => `
      (v128.store offset=${u * 16} (i32.add ${get('o')} ${get('i')})
        (f64x2.add ${init ? get('vb0') : load('o', u)} ${sum(u)}))`;
  return `
  (func (export "${name}") (param $o i32) ${cols.map((c) => `(param $${c} i32)`).join(' ')} (param $n i32)
      ${cols.map((c) => `(param $c${c} f64)`).join(' ')} (param $b0 f64)${lag ? ' (param $p i32) (param $ln i32) (param $t i32) (result i32)' : ''}
    (local $i i32) (local $end i32)${lag ? ' (local $lend i32) (local $due i32)' : ''} ${vlocals([...cols.map((c) => `v${c}`), 'vb0'])}
    ${lag ? unroll((u) => vlocals(['e', 'x', 't1', 'kd', 'r', 'tj', 'ex'].map((s) => `${s}${u}`)) + ' ') : ''}
    ${cols.map((c) => `(local.set $v${c} (f64x2.splat ${get(`c${c}`)}))`).join(' ')}
    (local.set $vb0 (f64x2.splat ${get('b0')}))
    (local.set $end (i32.shl ${get('n')} (i32.const 3)))
    ${lag ? `(local.set $lend (i32.add ${get('p')} (i32.shl ${get('ln')} (i32.const 3))))` : ''}
    (block $done (loop $next
      (br_if $done (i32.ge_u ${get('i')} ${get('end')}))${unroll(pair)}
      (local.set $i (i32.add ${get('i')} (i32.const ${STEP * 8})))${lag ? `
      ;; one logistic step per n/ln steps of sums (Bresenham), while any is left
      (local.set $due (i32.add ${get('due')} ${get('ln')}))
      (if (i32.and (i32.ge_u ${get('due')} ${get('n')}) (i32.lt_u ${get('p')} ${get('lend')}))
        (then
          (local.set $due (i32.sub ${get('due')} ${get('n')}))${unroll(logisticPair)}
          (local.set $p (i32.add ${get('p')} (i32.const ${STEP * 8})))))` : ''}
      (br $next)))${lag ? `
    ${get('p')}` : ''})`;
}

/**
 * The logistic of two rows at once. k comes from the low 32 bits of x/step + 1.5 * 2^52 (the
 * same whole number as the JavaScript kernel's `kd | 0`); 2^(k >> 5) is built from its
 * exponent bits, exact because x >= -708 keeps k >> 5 >= -1022 (a normal number). A pair
 * with a lane below -708 (or +-Infinity) takes the scalar path, which calls the host's exp
 * there, as the JavaScript kernel calls Math.exp.
 */
function logisticPair(u) {
  const off = u * 16;
  const [e, x, t1, kd, r, tj, ex] = ['e', 'x', 't1', 'kd', 'r', 'tj', 'ex'].map((s) => `${s}${u}`);
  const tableAt = (lane) => `(f64.load (i32.add ${get('t')} (i32.shl (i32.and (i32x4.extract_lane ${lane} ${get(t1)}) (i32.const ${TABLE - 1})) (i32.const 3))))`;
  return `
      (local.set $${e} (v128.load offset=${off} ${get('p')}))
      (local.set $${x} (f64x2.neg (f64x2.abs ${get(e)})))
      (if (v128.any_true (f64x2.lt ${get(x)} ${v64(-708)}))
        (then
          (f64.store offset=${off} ${get('p')} (call $logistic1 (f64x2.extract_lane 0 ${get(e)}) ${get('t')}))
          (f64.store offset=${off + 8} ${get('p')} (call $logistic1 (f64x2.extract_lane 1 ${get(e)}) ${get('t')})))
        (else
          (local.set $${t1} (f64x2.add (f64x2.mul ${get(x)} ${v64(INV_STEP)}) ${v64(ROUND)}))
          (local.set $${kd} (f64x2.sub ${get(t1)} ${v64(ROUND)}))
          (local.set $${r} (f64x2.sub (f64x2.sub ${get(x)} (f64x2.mul ${get(kd)} ${v64(STEP_HI)})) (f64x2.mul ${get(kd)} ${v64(STEP_LO)})))
          (local.set $${tj} (f64x2.replace_lane 1 (f64x2.splat ${tableAt(0)}) ${tableAt(2)}))
          (local.set $${ex} (f64x2.mul
            (f64x2.add ${get(tj)} (f64x2.mul ${get(tj)} ${series(get(r), 'f64x2.add', 'f64x2.mul', v64)}))
            (i64x2.shl (i32x4.shl (i32x4.add (i32x4.shr_s ${get(t1)} (i32.const 5)) (v128.const i32x4 1023 1023 1023 1023)) (i32.const 20)) (i32.const 32))))
          (v128.store offset=${off} ${get('p')} (f64x2.div
            (v128.bitselect ${v64(1)} ${get(ex)} (f64x2.ge ${get(e)} ${v64(0)}))
            (f64x2.add ${v64(1)} ${get(ex)})))))`;
}

/**
 * Column types the typed sums read in place, by tag (the kernel's `TYPE_TAG` numbers them the
 * same): bytes per value, the load of four rows' values as an i32x4 or f32x4 vector (given the
 * byte address of the first), and the conversion of its two low lanes to doubles. Each value
 * becomes a double exactly (integer or float to double), as a typed array's `set` gives, so a
 * narrow column read here gives the sums the same doubles as one copied by JavaScript, and the
 * same bits. (Uint8 and Uint16 values, extended to 32 bits, are below 2^31: the signed
 * conversion, one instruction on x64 where the unsigned one is several, gives the same doubles.)
 */
export const COLUMN_TYPES = [
  { name: 'f64', bytes: 8 },
  { name: 'f32', bytes: 4, load: (at) => `(v128.load ${at})`, convert: 'f64x2.promote_low_f32x4' },
  { name: 'i32', bytes: 4, load: (at) => `(v128.load ${at})`, convert: 'f64x2.convert_low_i32x4_s' },
  { name: 'u32', bytes: 4, load: (at) => `(v128.load ${at})`, convert: 'f64x2.convert_low_i32x4_u' },
  { name: 'i16', bytes: 2, load: (at) => `(v128.load16x4_s ${at})`, convert: 'f64x2.convert_low_i32x4_s' },
  { name: 'u16', bytes: 2, load: (at) => `(v128.load16x4_u ${at})`, convert: 'f64x2.convert_low_i32x4_s' },
  { name: 'i8', bytes: 1, load: (at) => `(i32x4.extend_low_i16x8_s (i16x8.extend_low_i8x16_s (v128.load32_zero ${at})))`, convert: 'f64x2.convert_low_i32x4_s' },
  { name: 'u8', bytes: 1, load: (at) => `(i32x4.extend_low_i16x8_u (i16x8.extend_low_i8x16_u (v128.load32_zero ${at})))`, convert: 'f64x2.convert_low_i32x4_s' },
];

/**
 * The typed sums: as `etaFunction` (no lag), but each column has a type tag (`$t<col>`, an
 * index of COLUMN_TYPES) and is read in its own type where it lies, four rows a step, its
 * values turned into doubles in registers: no copy, no widening pass, and a Uint8 column
 * reads one byte a person where a double reads eight. The tag is dispatched per column and
 * step by a `br_table` (always the same way within a call, so the branch is predicted), then
 * the arithmetic is `etaFunction`'s, operation for operation: the same bits.
 */
function etaTypedFunction(name, width, init) {
  const cols = ['a', 'b', 'c', 'd'].slice(0, width);
  const high = (v) => `(i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 ${v} ${v})`;
  // Row byte offset i (for doubles) is i >> 3 rows; a column of `bytes` per value is at i >> (3 - log2 bytes).
  const at = (col, bytes) => `(i32.add ${get(col)} ${bytes === 8 ? get('i') : `(i32.shr_u ${get('i')} (i32.const ${3 - Math.log2(bytes)}))`})`;
  const read = (col) => {
    const cases = COLUMN_TYPES.map((t) => t.bytes === 8
      ? `(local.set $x${col}0 (v128.load ${at(col, 8)})) (local.set $x${col}1 (v128.load offset=16 ${at(col, 8)}))`
      : `(local.set $v ${t.load(at(col, t.bytes))}) (local.set $x${col}0 (${t.convert} ${get('v')})) (local.set $x${col}1 (${t.convert} ${high(get('v'))}))`);
    const labels = COLUMN_TYPES.map((t) => `$${col}_${t.name}`);
    let inner = `(br_table ${labels.join(' ')} ${get(`t${col}`)})`;
    labels.forEach((label, k) => {
      inner = `(block ${label} ${inner})
        ${cases[k]} (br $${col}_read)`;
    });
    return `
      (block $${col}_read ${inner})`;
  };
  const term = (col, u) => `(f64x2.mul ${get(`v${col}`)} ${get(`x${col}${u}`)})`;
  const sum = (u) => cols.slice(1).reduce((acc, col) => `(f64x2.add ${acc} ${term(col, u)})`, term(cols[0], u));
  const pair = (u) => `
      (v128.store offset=${u * 16} (i32.add ${get('o')} ${get('i')})
        (f64x2.add ${init ? get('vb0') : `(v128.load offset=${u * 16} (i32.add ${get('o')} ${get('i')}))`} ${sum(u)}))`;
  return `
  (func (export "${name}") (param $o i32) ${cols.map((c) => `(param $${c} i32)`).join(' ')} (param $n i32)
      ${cols.map((c) => `(param $c${c} f64)`).join(' ')} (param $b0 f64) ${cols.map((c) => `(param $t${c} i32)`).join(' ')}
    (local $i i32) (local $end i32) (local $v v128) ${vlocals([...cols.map((c) => `v${c}`), 'vb0', ...cols.flatMap((c) => [`x${c}0`, `x${c}1`])])}
    ${cols.map((c) => `(local.set $v${c} (f64x2.splat ${get(`c${c}`)}))`).join(' ')}
    (local.set $vb0 (f64x2.splat ${get('b0')}))
    (local.set $end (i32.shl ${get('n')} (i32.const 3)))
    (block $done (loop $next
      (br_if $done (i32.ge_u ${get('i')} ${get('end')}))${cols.map(read).join('')}${unroll(pair)}
      (local.set $i (i32.add ${get('i')} (i32.const ${STEP * 8})))
      (br $next))))`;
}

/**
 * The module's text. `shared` imports a shared memory (the feature arenas of
 * src/core/feature-arena.ts, which worker threads also read); otherwise an ordinary one.
 */
export const watFor = (shared) => `(module
  (import "env" "memory" (memory 1${shared ? ' 65536 shared' : ''}))
  (import "env" "exp" (func $exp (param f64) (result f64)))
  ${etaFunction('eta4', 4, false, false)}
  ${etaFunction('eta4init', 4, true, false)}
  ${etaFunction('eta1', 1, false, false)}
  ${etaFunction('eta1init', 1, true, false)}
  ${etaFunction('eta4lag', 4, false, true)}
  ${etaFunction('eta4initlag', 4, true, true)}
  ${etaFunction('eta1lag', 1, false, true)}
  ${etaFunction('eta1initlag', 1, true, true)}
  ${etaTypedFunction('eta4t', 4, false)}
  ${etaTypedFunction('eta4tinit', 4, true)}
  ${etaTypedFunction('eta1t', 1, false)}
  ${etaTypedFunction('eta1tinit', 1, true)}

  ;; exp(x) for x <= 0: the JavaScript kernel's expNonPositive, step for step.
  (func $expNonPositive (param $x f64) (param $t i32) (result f64)
    (local $kd f64) (local $k i32) (local $r f64) (local $tj f64)
    (if (f64.lt ${get('x')} (f64.const -708)) (then (return (call $exp ${get('x')}))))
    (local.set $kd (f64.sub (f64.add (f64.mul ${get('x')} ${f64(INV_STEP)}) ${f64(ROUND)}) ${f64(ROUND)}))
    (local.set $k (i32.trunc_sat_f64_s ${get('kd')}))
    (local.set $r (f64.sub (f64.sub ${get('x')} (f64.mul ${get('kd')} ${f64(STEP_HI)})) (f64.mul ${get('kd')} ${f64(STEP_LO)})))
    (local.set $tj (f64.load (i32.add ${get('t')} (i32.shl (i32.and ${get('k')} (i32.const ${TABLE - 1})) (i32.const 3)))))
    (f64.mul (f64.add ${get('tj')} (f64.mul ${get('tj')} ${series(get('r'), 'f64.add', 'f64.mul', f64)}))
      (f64.reinterpret_i64 (i64.shl (i64.add (i64.extend_i32_s (i32.shr_s ${get('k')} (i32.const 5))) (i64.const 1023)) (i64.const 52)))))

  (func $logistic1 (param $e f64) (param $t i32) (result f64) (local $x f64)
    (if (result f64) (f64.ge ${get('e')} (f64.const 0))
      (then (f64.div (f64.const 1) (f64.add (f64.const 1) (call $expNonPositive (f64.neg ${get('e')}) ${get('t')}))))
      (else
        (local.set $x (call $expNonPositive ${get('e')} ${get('t')}))
        (f64.div ${get('x')} (f64.add (f64.const 1) ${get('x')})))))

  ;; out[i] = logistic(out[i]) for the n values at byte pointer o; the table of 2^(j/32) at t.
  (func (export "logistic") (param $o i32) (param $n i32) (param $t i32)
    (local $end i32) (local $p i32) ${unroll((u) => vlocals(['e', 'x', 't1', 'kd', 'r', 'tj', 'ex'].map((s) => `${s}${u}`)) + ' ')}
    (local.set $end (i32.add ${get('o')} (i32.shl ${get('n')} (i32.const 3))))
    (local.set $p ${get('o')})
    (block $done (loop $next
      (br_if $done (i32.ge_u ${get('p')} ${get('end')}))${unroll(logisticPair)}
      (local.set $p (i32.add ${get('p')} (i32.const ${STEP * 8})))
      (br $next))))
)
`;
