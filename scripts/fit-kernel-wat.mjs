// The WebAssembly text of the IRLS pass kernel (src/model/irls-kernel.ts), generated so the
// SIMD steps over two rows are written once. `node scripts/build-fit-kernel.mjs` compiles it
// with wabt into src/model/fit-kernel-wasm.ts; test/model/irls-kernel.test.ts checks that the
// committed bytes are what this text compiles to.
//
// One call of `chunk` handles up to a chunk of rows already copied, each column in its own
// type (f64, f32, i32, u32, i16, u16, i8, u8), into the module's memory. Blocks of B rows are
// then read once each: standardised into a block of doubles that stays in L1 cache, the
// linear predictor, R's binomial IRLS weights, working response and deviance, and the upper
// triangle of X'WX and X'Wz, accumulated two rows of H against four columns at a time in
// 2-lane vectors whose lanes are summed by the caller at the end of the pass.
//
// exp and log are computed here on two lanes at once (no table): exp by 2^k e^r with
// |r| <= ln2/2 and Taylor's series to degree 13, log by 2^k a with a in [sqrt(1/2), sqrt(2))
// and 2 atanh((a-1)/(a+1)) to degree 21; both within about an ulp, which is all the IRLS
// needs (the tests compare the fit with R to 1e-9 and the JavaScript pass to 1e-12).

/** Rows per block (the standardised block: (m+2) x B doubles, 27 KB at 20 features). */
export const B = 128;

const hex = (x) => `0x${new BigUint64Array(new Float64Array([x]).buffer)[0].toString(16).padStart(16, '0')}`;
/** A constant f64x2 with both lanes x, as exact bits. */
const v = (x) => `(v128.const i64x2 ${hex(x)} ${hex(x)})`;
const get = (name) => `(local.get $${name})`;
const vlocals = (names) => names.map((n) => `(local $${n} v128)`).join(' ');
const add = (a, b) => `(f64x2.add ${a} ${b})`;
const sub = (a, b) => `(f64x2.sub ${a} ${b})`;
const mul = (a, b) => `(f64x2.mul ${a} ${b})`;
const div = (a, b) => `(f64x2.div ${a} ${b})`;

const EPS = 2.220446049250313e-16;
const LN2_HI = 6.93147180369123816490e-1; // ln 2 with trailing zero bits (k * LN2_HI is exact)
const LN2_LO = 1.90821492927058770002e-10;
const ROUND = 6755399441055744; // 1.5 * 2^52
const FACT = [1];
for (let i = 1; i <= 13; i++) FACT.push(FACT[i - 1] * i);

/**
 * c[0] + c[1] x + c[2] x^2 + ... by Estrin's scheme (pairs, then pairs of pairs with x^2, x^4,
 * x^8), a shallower chain of dependent operations than Horner's; `pows` names locals holding
 * x, x^2, x^4, x^8.
 */
const estrin = (c, pows) => {
  let terms = c.map((ci) => v(ci));
  for (let level = 0; terms.length > 1; level++) {
    const next = [];
    for (let i = 0; i < terms.length; i += 2) next.push(i + 1 < terms.length ? add(terms[i], mul(terms[i + 1], get(pows[level]))) : terms[i]);
    terms = next;
  }
  return terms[0];
};
/** Sets locals names[0] = x, names[1] = x^2, names[2] = x^4, ... */
const powers = (x, names) => `(local.set $${names[0]} ${x}) ` + names.slice(1).map((nm, i) => `(local.set $${nm} ${mul(get(names[i]), get(names[i]))})`).join(' ');

/**
 * exp(x) on two lanes for x in [-700, 700], into local `dst` (x: an expression read twice): k = round(x / ln 2) from the low bits of
 * x / ln2 + 1.5 * 2^52, r = x - k ln2 (two parts), e^r by Taylor to degree 13, times 2^k built
 * from its exponent bits ((bits + 1023) << 52 keeps only k + 1023, as the upper bits shift out).
 */
const expInto = (dst, x) => `
        (local.set $xt ${add(mul(x, v(1 / Math.LN2)), v(ROUND))})
        (local.set $xkd ${sub(get('xt'), v(ROUND))})
        ${powers(sub(sub(x, mul(get('xkd'), v(LN2_HI))), mul(get('xkd'), v(LN2_LO))), ['xr', 'xr2', 'xr4', 'xr8'])}
        (local.set $${dst} ${mul(estrin(FACT.map((f) => 1 / f), ['xr', 'xr2', 'xr4', 'xr8']), `(i64x2.shl (i64x2.add ${get('xt')} (v128.const i64x2 1023 1023)) (i32.const 52))`)})`;
const EXP_LOCALS = ['xt', 'xkd', 'xr', 'xr2', 'xr4', 'xr8'];

/**
 * log(x) on two lanes for normal positive x: x = 2^k a with a in [sqrt(1/2), sqrt(2)), then
 * k ln2 + 2 atanh(s), s = (a - 1)/(a + 1), |s| <= 0.1716, by its series to s^21.
 */
const vlogFn = `
  (func $vlog (param $x v128) (result v128) (local $a v128) (local $k v128) (local $big v128) (local $s v128) (local $z v128) (local $z2 v128) (local $z4 v128) (local $z8 v128)
    ;; a in [1, 2) from the mantissa bits; k = exponent - 1023 (as an i64 per lane)
    (local.set $a (v128.or (v128.and ${get('x')} (v128.const i64x2 0x000fffffffffffff 0x000fffffffffffff)) (v128.const i64x2 0x3ff0000000000000 0x3ff0000000000000)))
    (local.set $k (i64x2.sub (i64x2.shr_u ${get('x')} (i32.const 52)) (v128.const i64x2 1023 1023)))
    (local.set $big (f64x2.gt ${get('a')} ${v(Math.SQRT2)}))
    (local.set $a (v128.bitselect ${mul(get('a'), v(0.5))} ${get('a')} ${get('big')}))
    (local.set $k (i64x2.sub ${get('k')} ${get('big')}))
    ;; k as a double: its bits added to those of 1.5 * 2^52, minus 1.5 * 2^52
    (local.set $k ${sub(`(i64x2.add ${get('k')} ${v(ROUND)})`, v(ROUND))})
    (local.set $s ${div(sub(get('a'), v(1)), add(get('a'), v(1)))})
    ${powers(mul(get('s'), get('s')), ['z', 'z2', 'z4', 'z8'])}
    ${add(add(mul(get('k'), v(LN2_HI)), mul(get('k'), v(LN2_LO))), mul(mul(v(2), get('s')), estrin(Array.from({ length: 11 }, (_, i) => 1 / (2 * i + 1)), ['z', 'z2', 'z4', 'z8'])))})`;

/** Loads two values of column kind `kind` at byte address `addr` as f64x2. */
const loadPair = (kind, addr) => {
  const widen8 = (s) => `(i32x4.extend_low_i16x8_${s} (i16x8.extend_low_i8x16_${s} (v128.load16_splat ${addr})))`;
  switch (kind) {
    case 0: return `(v128.load ${addr})`;
    case 1: return `(f64x2.promote_low_f32x4 (v128.load64_zero ${addr}))`;
    case 2: return `(f64x2.convert_low_i32x4_s (v128.load64_zero ${addr}))`;
    case 3: return `(f64x2.convert_low_i32x4_u (v128.load64_zero ${addr}))`;
    case 4: return `(f64x2.convert_low_i32x4_s (i32x4.extend_low_i16x8_s (v128.load32_zero ${addr})))`;
    case 5: return `(f64x2.convert_low_i32x4_s (i32x4.extend_low_i16x8_u (v128.load32_zero ${addr})))`;
    case 6: return `(f64x2.convert_low_i32x4_s ${widen8('s')})`;
    case 7: return `(f64x2.convert_low_i32x4_s ${widen8('u')})`;
    default: throw new Error(`kind ${kind}`);
  }
};
/** log2 of the element size of each kind. */
export const SHIFT = [3, 2, 2, 2, 1, 1, 0, 0];

/** One standardising loop per kind: dst[i] = (src[i] - mean) * inv for i < rl. */
const standardise = () =>
  SHIFT.map(
    (shift, kind) => `
        (if (i32.eq ${get('kind')} (i32.const ${kind})) (then
          (local.set $src (i32.add ${get('src')} (i32.shl ${get('b')} (i32.const ${shift}))))
          (local.set $i (i32.const 0))
          (block $d${kind} (loop $l${kind}
            (br_if $d${kind} (i32.ge_u ${get('i')} ${get('rl')}))
            (v128.store (i32.add ${get('dst')} (i32.shl ${get('i')} (i32.const 3)))
              ${mul(sub(loadPair(kind, `(i32.add ${get('src')} (i32.shl ${get('i')} (i32.const ${shift})))`), get('vm')), get('vi'))})
            (local.set $i (i32.add ${get('i')} (i32.const 2)))
            (br $l${kind}))))) `,
  ).join('');

const BB = B * 8; // bytes per column of the block

/**
 * `moment(kind, src, n, c, square)`: the sum over n staged values (n even: the caller pads an
 * odd count with a copy of c) of x - c, or with square = 1 of (x - c)^2, in two lanes added
 * at the end: the means and scales of prepareFit, a chunk at a time.
 */
const momentFn = () => `
  (func (export "moment") (param $kind i32) (param $src i32) (param $n i32) (param $c f64) (param $square i32) (result f64)
    (local $i i32) (local $vc v128) (local $d v128) (local $acc v128)
    (local.set $vc (f64x2.splat ${get('c')}))
    ${SHIFT.map((shift, kind) => `
    (if (i32.eq ${get('kind')} (i32.const ${kind})) (then
      (block $d${kind} (loop $l${kind}
        (br_if $d${kind} (i32.ge_u ${get('i')} ${get('n')}))
        (local.set $d ${sub(loadPair(kind, `(i32.add ${get('src')} (i32.shl ${get('i')} (i32.const ${shift})))`), get('vc'))})
        (local.set $acc ${add(get('acc'), `(if (result v128) ${get('square')} (then ${mul(get('d'), get('d'))}) (else ${get('d')}))`)})
        (local.set $i (i32.add ${get('i')} (i32.const 2)))
        (br $l${kind})))))`).join('')}
    (f64.add (f64x2.extract_lane 0 ${get('acc')}) (f64x2.extract_lane 1 ${get('acc')})))`;

/** The upper triangle: rows j, j+1 of H against columns k..k+3, over rl rows (byte end `re`). */
const tile = () => {
  const acc = ['a0', 'a1', 'a2', 'a3', 'c0', 'c1', 'c2', 'c3'];
  const x = (q) => `(v128.load offset=${q * BB} (i32.add ${get('xk')} ${get('i')}))`;
  const hs = (name, row, q) => `
            (v128.store offset=${q * 16} (i32.add ${get(row)} (i32.shl ${get('k')} (i32.const 4)))
              ${add(`(v128.load offset=${q * 16} (i32.add ${get(row)} (i32.shl ${get('k')} (i32.const 4))))`, get(name))})`;
  return `
          (local.set $k ${get('j')})
          (block $kd (loop $kl
            (br_if $kd (i32.ge_u ${get('k')} ${get('mp')}))
            (local.set $xk (i32.add ${get('xb')} (i32.mul ${get('k')} (i32.const ${BB}))))
            ${acc.map((a) => `(local.set $${a} (v128.const i64x2 0 0))`).join(' ')}
            (local.set $i (i32.const 0))
            (block $rd (loop $rl
              (br_if $rd (i32.ge_u ${get('i')} ${get('re')}))
              (local.set $s (v128.load (i32.add ${get('ta')} ${get('i')})))
              (local.set $t (v128.load (i32.add ${get('tb')} ${get('i')})))
              ${[0, 1, 2, 3].map((q) => `(local.set $x${q} ${x(q)})`).join(' ')}
              ${[0, 1, 2, 3].map((q) => `(local.set $a${q} ${add(get(`a${q}`), mul(get('s'), get(`x${q}`)))}) (local.set $c${q} ${add(get(`c${q}`), mul(get('t'), get(`x${q}`)))})`).join('\n              ')}
              (local.set $i (i32.add ${get('i')} (i32.const 16)))
              (br $rl)))
            ${[0, 1, 2, 3].map((q) => hs(`a${q}`, 'h0', q) + hs(`c${q}`, 'h1', q)).join('')}
            (local.set $k (i32.add ${get('k')} (i32.const 4)))
            (br $kl)))`;
};

/**
 * The module. `chunk` parameters (byte addresses into memory unless said otherwise):
 * len rows; p features; mp = p + 1 rounded up to even; first (1: R's start instead of beta);
 * hess (0: deviance only); kinds (i32 per feature), srcs (i32 per feature: the staged
 * column), means, invs (f64 per feature), beta (f64 x mp), ys (u8 per row), pws (f64 per row,
 * 0 past len), xb (the block: column 0 ones, columns p+1..mp+1 zeros, B rows each), eta, wv,
 * wz, ta, tb (B doubles each), hacc ((mp+2)^2 lane pairs, row stride mp+2), gacc (mp lane
 * pairs), out (deviance, extreme count: lane pairs).
 */
export const fitWat = () => `(module
  (import "env" "memory" (memory 1))
  ${vlogFn}
  ${momentFn()}
  (func (export "chunk") (param $len i32) (param $p i32) (param $mp i32) (param $first i32) (param $hess i32) (param $weighted i32)
      (param $kinds i32) (param $srcs i32) (param $means i32) (param $invs i32) (param $beta i32) (param $ys i32) (param $pws i32)
      (param $xb i32) (param $eta i32) (param $wv i32) (param $wz i32) (param $ta i32) (param $tb i32) (param $hacc i32) (param $gacc i32) (param $out i32)
    (local $b i32) (local $rl i32) (local $re i32) (local $i i32) (local $j i32) (local $k i32) (local $kind i32) (local $src i32) (local $dst i32)
    (local $xk i32) (local $h0 i32) (local $h1 i32) (local $stride i32)
    ${vlocals([...EXP_LOCALS, 'ec', 'keep', 'prod', 'pk', 'ye', 'dx', 'vm', 'vi', 'e', 'pw', 'y', 'lo', 'hi', 'ext', 'r', 'pme', 't', 'opt', 'mu', 'me', 'var', 'w', 's', 'dev', 'cnt', 'g0', 'g1', 'u', 'x0', 'x1', 'x2', 'x3', 'a0', 'a1', 'a2', 'a3', 'c0', 'c1', 'c2', 'c3'])}
    (local.set $stride (i32.shl (i32.add ${get('mp')} (i32.const 2)) (i32.const 4)))
    (local.set $dev (v128.load ${get('out')}))
    (local.set $cnt (v128.load offset=16 ${get('out')}))
    (local.set $prod ${v(1)})
    (local.set $b (i32.const 0))
    (block $bd (loop $bl
      (br_if $bd (i32.ge_u ${get('b')} ${get('len')}))
      ;; rows of this block, rounded up to a pair (the odd lane has weight 0)
      (local.set $rl (i32.sub ${get('len')} ${get('b')}))
      (if (i32.gt_u ${get('rl')} (i32.const ${B})) (then (local.set $rl (i32.const ${B}))))
      (local.set $rl (i32.and (i32.add ${get('rl')} (i32.const 1)) (i32.const -2)))
      (local.set $re (i32.shl ${get('rl')} (i32.const 3)))
      ;; 1. standardise each column's block into xb (column j + 1)
      (local.set $j (i32.const 0))
      (block $sd (loop $sl
        (br_if $sd (i32.ge_u ${get('j')} ${get('p')}))
        (local.set $kind (i32.load (i32.add ${get('kinds')} (i32.shl ${get('j')} (i32.const 2)))))
        (local.set $src (i32.load (i32.add ${get('srcs')} (i32.shl ${get('j')} (i32.const 2)))))
        (local.set $vm (v128.load64_splat (i32.add ${get('means')} (i32.shl ${get('j')} (i32.const 3)))))
        (local.set $vi (v128.load64_splat (i32.add ${get('invs')} (i32.shl ${get('j')} (i32.const 3)))))
        (local.set $dst (i32.add ${get('xb')} (i32.mul (i32.add ${get('j')} (i32.const 1)) (i32.const ${BB}))))
        ${standardise()}
        (local.set $j (i32.add ${get('j')} (i32.const 1)))
        (br $sl)))
      ;; 2. the linear predictor
      (if ${get('first')}
        (then
          (local.set $i (i32.const 0))
          (block $fd (loop $fl
            (br_if $fd (i32.ge_u ${get('i')} ${get('re')}))
            (local.set $pw (v128.load (i32.add ${get('pws')} (i32.add (i32.shl ${get('b')} (i32.const 3)) ${get('i')}))))
            (local.set $y ${loadPair(7, `(i32.add ${get('ys')} (i32.add ${get('b')} (i32.shr_u ${get('i')} (i32.const 3))))`)})
            ;; mu0 = (pw y + 0.5) / (pw + 1), eta = log(mu0 / (1 - mu0))
            (local.set $mu ${div(add(mul(get('pw'), get('y')), v(0.5)), add(get('pw'), v(1)))})
            (v128.store (i32.add ${get('eta')} ${get('i')}) (call $vlog ${div(get('mu'), sub(v(1), get('mu')))}))
            (local.set $i (i32.add ${get('i')} (i32.const 16)))
            (br $fl))))
        (else
          (local.set $u (v128.load64_splat ${get('beta')}))
          (local.set $i (i32.const 0))
          (block $ed (loop $el
            (br_if $ed (i32.ge_u ${get('i')} ${get('re')}))
            (v128.store (i32.add ${get('eta')} ${get('i')}) ${get('u')})
            (local.set $i (i32.add ${get('i')} (i32.const 16)))
            (br $el)))
          (local.set $j (i32.const 1))
          (block $jd (loop $jl
            (br_if $jd (i32.gt_u ${get('j')} ${get('p')}))
            (local.set $u (v128.load64_splat (i32.add ${get('beta')} (i32.shl ${get('j')} (i32.const 3)))))
            (local.set $xk (i32.add ${get('xb')} (i32.mul ${get('j')} (i32.const ${BB}))))
            (local.set $i (i32.const 0))
            (block $ed2 (loop $el2
              (br_if $ed2 (i32.ge_u ${get('i')} ${get('re')}))
              (v128.store (i32.add ${get('eta')} ${get('i')})
                ${add(`(v128.load (i32.add ${get('eta')} ${get('i')}))`, mul(get('u'), `(v128.load (i32.add ${get('xk')} ${get('i')}))`))})
              (local.set $i (i32.add ${get('i')} (i32.const 16)))
              (br $el2)))
            (local.set $j (i32.add ${get('j')} (i32.const 1)))
            (br $jl)))))
      ;; 3. R's binomial(): weights, working response (times weight), deviance, extremes
      (local.set $i (i32.const 0))
      (block $wd (loop $wl
        (br_if $wd (i32.ge_u ${get('i')} ${get('re')}))
        (local.set $e (v128.load (i32.add ${get('eta')} ${get('i')})))
        (local.set $pw (v128.load (i32.add ${get('pws')} (i32.add (i32.shl ${get('b')} (i32.const 3)) ${get('i')}))))
        (local.set $y ${loadPair(7, `(i32.add ${get('ys')} (i32.add ${get('b')} (i32.shr_u ${get('i')} (i32.const 3))))`)})
        (local.set $lo (f64x2.lt ${get('e')} ${v(-30)}))
        (local.set $hi (f64x2.gt ${get('e')} ${v(30)}))
        (local.set $ec (f64x2.min (f64x2.max ${get('e')} ${v(-30)}) ${v(30)}))
        ${expInto('t', get('ec'))}
        (local.set $t (v128.bitselect ${v(EPS)} (v128.bitselect ${v(1 / EPS)} ${get('t')} ${get('hi')}) ${get('lo')}))
        (local.set $ext (v128.or ${get('lo')} ${get('hi')}))
        (local.set $opt ${add(v(1), get('t'))})
        (local.set $r ${div(v(1), get('opt'))})
        (local.set $mu ${div(get('t'), get('opt'))})
        (local.set $me (v128.bitselect ${v(EPS)} ${mul(get('mu'), get('r'))} ${get('ext')}))
        (local.set $var ${div(v(1), mul(get('mu'), sub(v(1), get('mu'))))})
        (local.set $pme ${mul(get('pw'), get('me'))})
        (local.set $w ${mul(mul(get('pme'), get('me')), get('var'))})
        (v128.store (i32.add ${get('wv')} ${get('i')}) ${get('w')})
        (v128.store (i32.add ${get('wz')} ${get('i')}) ${add(mul(get('w'), get('e')), mul(mul(get('pme'), sub(get('y'), get('mu'))), get('var')))})
        ;; deviance 2 pw softplus(s), s = -e for y = 1 and e for y = 0: log(1 + t) - y e inside the
        ;; clamp, max(s, 0) outside it (where the rest, log1p(exp(-|s|)) < 1e-13, is left out)
        (local.set $s (v128.bitselect (f64x2.neg ${get('e')}) ${get('e')} (f64x2.eq ${get('y')} ${v(1)})))
        (if ${get('weighted')}
          (then
            (local.set $dev ${add(get('dev'), mul(mul(v(2), get('pw')), `(v128.bitselect (f64x2.max ${get('s')} ${v(0)}) ${sub('(call $vlog ' + get('opt') + ')', mul(get('y'), get('e')))} ${get('ext')})`))}))
          (else
            ;; weights 1 (0 on a padding lane): the logs of a chunk's rows as the log of their
            ;; product, kept in [1, 2) with the powers of two counted apart
            (local.set $keep (v128.andnot (f64x2.gt ${get('pw')} ${v(0)}) ${get('ext')}))
            (local.set $prod ${mul(get('prod'), `(v128.bitselect ${get('opt')} ${v(1)} ${get('keep')})`)})
            (local.set $pk (i64x2.add ${get('pk')} (i64x2.sub (i64x2.shr_u ${get('prod')} (i32.const 52)) (v128.const i64x2 1023 1023))))
            (local.set $prod (v128.or (v128.and ${get('prod')} (v128.const i64x2 0x000fffffffffffff 0x000fffffffffffff)) ${v(1)}))
            (local.set $ye ${add(get('ye'), `(v128.and ${mul(get('y'), get('e'))} ${get('keep')})`)})
            (local.set $dx ${add(get('dx'), `(v128.and (f64x2.max ${get('s')} ${v(0)}) (v128.and ${get('ext')} (f64x2.gt ${get('pw')} ${v(0)})))`)})))
        (local.set $cnt ${add(get('cnt'), `(v128.and ${v(1)} (v128.and (f64x2.gt ${get('pw')} ${v(0)}) (v128.or ${get('ext')} (v128.or (f64x2.lt ${get('mu')} ${v(10 * EPS)}) (f64x2.gt ${get('mu')} ${v(1 - 10 * EPS)})))))`)})
        (local.set $i (i32.add ${get('i')} (i32.const 16)))
        (br $wl)))
      ;; 4. X'WX (upper triangle) and X'Wz
      (if ${get('hess')} (then
        (local.set $j (i32.const 0))
        (block $hd (loop $hl
          (br_if $hd (i32.ge_u ${get('j')} ${get('mp')}))
          (local.set $xk (i32.add ${get('xb')} (i32.mul ${get('j')} (i32.const ${BB}))))
          (local.set $g0 (v128.const i64x2 0 0))
          (local.set $g1 (v128.const i64x2 0 0))
          (local.set $i (i32.const 0))
          (block $td (loop $tl
            (br_if $td (i32.ge_u ${get('i')} ${get('re')}))
            (local.set $w (v128.load (i32.add ${get('wv')} ${get('i')})))
            (local.set $s (v128.load (i32.add ${get('wz')} ${get('i')})))
            (local.set $x0 (v128.load (i32.add ${get('xk')} ${get('i')})))
            (local.set $x1 (v128.load offset=${BB} (i32.add ${get('xk')} ${get('i')})))
            (v128.store (i32.add ${get('ta')} ${get('i')}) ${mul(get('x0'), get('w'))})
            (v128.store (i32.add ${get('tb')} ${get('i')}) ${mul(get('x1'), get('w'))})
            (local.set $g0 ${add(get('g0'), mul(get('x0'), get('s')))})
            (local.set $g1 ${add(get('g1'), mul(get('x1'), get('s')))})
            (local.set $i (i32.add ${get('i')} (i32.const 16)))
            (br $tl)))
          (local.set $xk (i32.add ${get('gacc')} (i32.shl ${get('j')} (i32.const 4))))
          (v128.store ${get('xk')} ${add(`(v128.load ${get('xk')})`, get('g0'))})
          (v128.store offset=16 ${get('xk')} ${add(`(v128.load offset=16 ${get('xk')})`, get('g1'))})
          (local.set $h0 (i32.add ${get('hacc')} (i32.mul ${get('j')} ${get('stride')})))
          (local.set $h1 (i32.add ${get('h0')} ${get('stride')}))
          ${tile()}
          (local.set $j (i32.add ${get('j')} (i32.const 2)))
          (br $hl)))))
      (local.set $b (i32.add ${get('b')} (i32.const ${B})))
      (br $bl)))
    ;; the unweighted rows' deviance: 2 (log(product) + k ln2 - sum y e + the rows outside the clamp)
    (local.set $pk ${sub(`(i64x2.add ${get('pk')} ${v(ROUND)})`, v(ROUND))})
    (local.set $dev ${add(get('dev'), mul(v(2), add(sub(add(add('(call $vlog ' + get('prod') + ')', mul(get('pk'), v(LN2_HI))), mul(get('pk'), v(LN2_LO))), get('ye')), get('dx'))))})
    (v128.store ${get('out')} ${get('dev')})
    (v128.store offset=16 ${get('out')} ${get('cnt')}))
)
`;
