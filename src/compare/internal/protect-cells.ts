// Internal: primary and secondary suppression of a set of count cells linked by additive
// lines (cells of a row or column that add up to a total). Shared by suppressSmallNumbers
// (tables) and the report (its sections). Not exported from the package.
import { suppressCount } from '../suppress-count.js';

/**
 * Cells that add up to a total: `members` and `total` are cell indices; `total` is -1 when
 * the total is not in the table (implied: the attacker is assumed to know it as if it had
 * been published by the same rule, e.g. a list size in another table).
 */
export interface CellLine {
  readonly members: readonly number[];
  readonly total: number;
}

/** The small-number rule for one count. */
export interface CellRule {
  readonly threshold: number;
  readonly roundTo: number;
  readonly suppressZero: boolean;
}

/** What {@link protectCells} decided. */
export interface CellProtection {
  /** Per cell: 0 published, 1 suppressed as small (primary), 2 suppressed to protect another (secondary). */
  readonly suppressed: Uint8Array;
  readonly primary: number;
  readonly secondary: number;
  /** Cells an attacker could still pin down exactly and no further suppression could protect. */
  readonly unprotected: number;
}

/** Options: whether to add secondary suppression, whether to audit with the attack. */
export interface ProtectOptions {
  readonly secondary: boolean;
  /**
   * Audit by attack (interval propagation over the lines, assuming the rule's own rounding):
   * only meaningful when published values are `suppressCount` of the true ones.
   */
  readonly audit: boolean;
  /** Primary suppression test; default `suppressCount(v, rule) === null`. */
  readonly isPrimary?: (value: number) => boolean;
  /**
   * Cells that count nearly the same thing (people and people observed in one row): when one
   * is suppressed the others are too, or the other would give it back.
   */
  readonly linked?: ReadonlyArray<readonly number[]>;
}

const INF = Number.POSITIVE_INFINITY;

/**
 * Primary suppression, then secondary suppression by lines until stable:
 *
 * 1. Primary: every cell the rule suppresses (1..threshold; 0 with `suppressZero`).
 * 2. Lines: in every line holding a suppressed cell, the smallest positive published member
 *    is suppressed too until the line holds at least two suppressed cells and, when its
 *    total is published, the suppressed members together hold more than `threshold` (so
 *    subtracting the published cells from the total gives neither one cell nor a small group);
 *    and linked cells (the same people counted twice) are suppressed together.
 * 3. Audit: an attacker who knows every published value, the rule (a rounded `v` means the
 *    count rounds to `v` and is above the threshold, `0` is exactly 0, `*` is at least 1)
 *    and every line total narrows each cell's interval by subtraction along every line,
 *    repeatedly, across both dimensions. Any cell left with a single possible value (a
 *    suppressed cell, or a rounded count) gets one more suppression: the cell itself when
 *    published, else the smallest published positive member of one of its lines. Then
 *    back to 2, until nothing changes.
 *
 * O(rounds x lines x cells); rounds <= cells.
 */
export function protectCells(values: ArrayLike<number>, lines: readonly CellLine[], rule: CellRule, options: ProtectOptions): CellProtection {
  const n = values.length;
  const suppressed = new Uint8Array(n);
  const isPrimary = options.isPrimary ?? ((v: number) => suppressCount(v, rule) === null);
  let primary = 0;
  for (let i = 0; i < n; i++) {
    if (isPrimary(values[i]!)) {
      suppressed[i] = 1;
      primary++;
    }
  }
  let secondary = 0;
  let unprotected = 0;
  if (!options.secondary || (lines.length === 0 && (options.linked ?? []).length === 0)) return { suppressed, primary, secondary, unprotected };

  const linesOf: number[][] = Array.from({ length: n }, () => []);
  lines.forEach((line, k) => {
    for (const m of line.members) linesOf[m]!.push(k);
    if (line.total >= 0) linesOf[line.total]!.push(k);
  });
  const star = (i: number): void => {
    suppressed[i] = 2;
    secondary++;
  };
  /** Smallest positive published member of a line (then its total), or -1. */
  const candidate = (line: CellLine): number => {
    let best = -1;
    for (const m of line.members) {
      const v = values[m]!;
      if (suppressed[m] || !(v > 0)) continue;
      if (best < 0 || v < values[best]! || (v === values[best]! && m < best)) best = m;
    }
    if (best < 0 && line.total >= 0 && !suppressed[line.total] && values[line.total]! > 0) best = line.total;
    return best;
  };
  const lineNeedsMore = (line: CellLine): boolean => {
    let count = 0;
    let sum = 0;
    for (const m of line.members) {
      if (suppressed[m]) {
        count++;
        sum += values[m]!;
      }
    }
    const totalSuppressed = line.total >= 0 && suppressed[line.total] !== 0;
    if (totalSuppressed) count++;
    if (count === 0) return false;
    if (count < 2) return true;
    return !totalSuppressed && sum <= rule.threshold;
  };
  const givenUp = new Uint8Array(n);
  const canAudit = options.audit && allIntegers(values);
  for (let round = 0; round <= n; round++) {
    let changed = true;
    while (changed) {
      changed = false;
      for (const line of lines) {
        while (lineNeedsMore(line)) {
          const c = candidate(line);
          if (c < 0) break;
          star(c);
          changed = true;
        }
      }
      for (const group of options.linked ?? []) {
        if (!group.some((c) => suppressed[c])) continue;
        for (const c of group) {
          if (!suppressed[c] && values[c]! > 0) {
            star(c);
            changed = true;
          }
        }
      }
    }
    if (!canAudit) break;
    const pinned = attack(values, suppressed, lines, rule).filter((p) => !givenUp[p.cell]);
    if (pinned.length === 0) break;
    // One fix per round (the smallest pinned cell, published ones first), then re-balance:
    // a tight line pins all its cells at once and one suppression frees them all.
    pinned.sort((a, b) => (suppressed[a.cell]! ? 1 : 0) - (suppressed[b.cell]! ? 1 : 0) || values[a.cell]! - values[b.cell]! || a.cell - b.cell);
    const p = pinned[0]!;
    let best = p.fix;
    if (best < 0) {
      for (const k of linesOf[p.cell]!) {
        const c = candidate(lines[k]!);
        if (c >= 0 && (best < 0 || values[c]! < values[best]!)) best = c;
      }
    }
    if (best >= 0 && !suppressed[best]) star(best);
    else {
      givenUp[p.cell] = 1;
      unprotected++;
    }
  }
  return { suppressed, primary, secondary, unprotected };
}

function allIntegers(values: ArrayLike<number>): boolean {
  for (let i = 0; i < values.length; i++) if (!Number.isInteger(values[i]!) || values[i]! < 0) return false;
  return true;
}

/**
 * The integers a published count can stand for under the rule: `[lo, hi]`. A published
 * positive value `v` is `max(round(x / r) * r, r)` for some `x > threshold`.
 */
export function preimage(v: number, rule: CellRule): [number, number] {
  const r = rule.roundTo;
  if (v === 0) return [0, 0];
  const floorLo = Math.max(rule.threshold + 1, 1);
  if (r <= 1) return [v, v];
  const k = v / r;
  let lo = Math.ceil(r * (k - 0.5));
  const hi = Math.ceil(r * (k + 0.5)) - 1;
  if (v === r) lo = 1; // max(..., r): anything that rounds to 0 or to r
  return [Math.max(lo, floorLo), hi];
}

/**
 * The attack of the audit. What the attacker knows of each cell is an interval: a suppressed
 * cell is at least 1 (0 with `suppressZero`), a zero is 0, a rounded count is its rounding
 * interval above the threshold; a line's implied total is known as if published by the rule.
 * Returns the cells (suppressed, or rounded with `roundTo > 1`, and non-zero) that take one
 * value in every table consistent with that knowledge and the lines.
 *
 * When the lines form a network (every cell in at most two lines, as in 1-D tables and 2-D
 * tables with row and column totals), this is exact (what linear programming would find): a
 * cell can move only along a cycle of cells that can move (the true table is one feasible
 * point; a cell is pinned when no cycle of the residual graph passes through it). Otherwise
 * it falls back to interval propagation along each line, repeated to a fixed point.
 */
function attack(values: ArrayLike<number>, suppressed: Uint8Array, lines: readonly CellLine[], rule: CellRule): Pin[] {
  const n = values.length;
  const implied = lines.filter((l) => l.total < 0).length;
  const size = n + implied;
  const lo = new Float64Array(size);
  const hi = new Float64Array(size);
  const x = new Float64Array(size);
  const starLo = rule.suppressZero ? 0 : 1;
  for (let i = 0; i < n; i++) {
    x[i] = values[i]!;
    if (suppressed[i]) {
      lo[i] = starLo;
      hi[i] = INF;
    } else {
      const [a, b] = preimage(suppressCount(values[i]!, rule)!, rule);
      lo[i] = a;
      hi[i] = b;
    }
  }
  let extra = n;
  const ls: CellLine[] = lines.map((l) => {
    if (l.total >= 0) return l;
    let sum = 0;
    for (const m of l.members) sum += values[m]!;
    x[extra] = sum;
    const pub = suppressCount(sum, rule);
    if (pub === null) {
      lo[extra] = starLo;
      hi[extra] = Math.max(rule.threshold, starLo);
    } else {
      const [a, b] = preimage(pub, rule);
      lo[extra] = a;
      hi[extra] = b;
    }
    return { members: l.members, total: extra++ };
  });
  const net = networkOf(ls, size);
  const canStar = (v: number): boolean => v < n && !suppressed[v] && values[v]! > 0;
  const { fixed, fix } = net ? pinnedInNetwork(net, x, lo, hi, canStar, starLo) : { fixed: pinnedByPropagation(ls, lo, hi), fix: new Int32Array(size).fill(-1) };
  const pinned: Pin[] = [];
  for (let i = 0; i < n; i++) {
    if (!fixed[i]) continue;
    if (suppressed[i] || (rule.roundTo > 1 && values[i]! > 0)) pinned.push({ cell: i, fix: suppressed[i] ? fix[i]! : i });
  }
  // An implied total worked out exactly (a list size known exactly from the table): suppress
  // the smallest published member of its line.
  ls.forEach((l, k) => {
    if (lines[k]!.total >= 0 || !fixed[l.total] || rule.roundTo <= 1 || x[l.total] === 0) return;
    const free = l.members.filter((m) => !suppressed[m] && values[m]! > 0);
    if (free.length && !free.some((m) => pinned.some((p) => p.cell === m))) {
      const m = free.reduce((a, b) => (values[b]! < values[a]! ? b : a));
      pinned.push({ cell: m, fix: m });
    }
  });
  return pinned;
}

/** A cell the attacker pins down, and the cell whose suppression would free it (-1: none known). */
interface Pin {
  readonly cell: number;
  readonly fix: number;
}

/** The lines as a directed graph (one node per line and a ground node), or null when they are not a network. */
function networkOf(lines: readonly CellLine[], size: number): { tail: Int32Array; head: Int32Array; nodes: number } | null {
  const where: Array<Array<[number, number]>> = Array.from({ length: size }, () => []);
  lines.forEach((l, k) => {
    for (const m of l.members) where[m]!.push([k, 1]);
    where[l.total]!.push([k, -1]);
  });
  if (where.some((w) => w.length > 2)) return null;
  // Orient each line (+1 or -1) so that a cell in two lines leaves one node and enters the other.
  const sign = new Int8Array(lines.length);
  const shared: Array<Array<[number, number]>> = Array.from({ length: lines.length }, () => []);
  for (const w of where) {
    if (w.length !== 2) continue;
    const [[a, ca], [b, cb]] = w as [[number, number], [number, number]];
    if (a === b) return null;
    shared[a]!.push([b, -ca * cb]);
    shared[b]!.push([a, -ca * cb]);
  }
  for (let root = 0; root < lines.length; root++) {
    if (sign[root]) continue;
    sign[root] = 1;
    const queue = [root];
    while (queue.length) {
      const a = queue.pop()!;
      for (const [b, rel] of shared[a]!) {
        const want = sign[a]! * rel;
        if (!sign[b]) {
          sign[b] = want;
          queue.push(b);
        } else if (sign[b] !== want) return null;
      }
    }
  }
  const ground = lines.length;
  const tail = new Int32Array(size).fill(-1);
  const head = new Int32Array(size).fill(-1);
  where.forEach((w, v) => {
    for (const [k, c] of w) {
      if (sign[k]! * c > 0) tail[v] = k;
      else head[v] = k;
    }
    if (w.length === 1) {
      if (tail[v]! < 0) tail[v] = ground;
      else head[v] = ground;
    }
  });
  return { tail, head, nodes: lines.length + 1 };
}

/**
 * Exact: a cell is fixed when no cycle of the residual graph at the true table passes through
 * it. For each fixed cell, also the smallest cell that, suppressed, would close such a cycle
 * (an arc from what its head reaches to what reaches its tail), or -1.
 */
function pinnedInNetwork(
  net: { tail: Int32Array; head: Int32Array; nodes: number }, x: Float64Array, lo: Float64Array, hi: Float64Array,
  canStar: (v: number) => boolean, starLo: number,
): { fixed: Uint8Array; fix: Int32Array } {
  const size = x.length;
  const out: Array<Array<[number, number]>> = Array.from({ length: net.nodes }, () => []);
  const into: Array<Array<[number, number]>> = Array.from({ length: net.nodes }, () => []);
  for (let v = 0; v < size; v++) {
    const t = net.tail[v]!;
    const h = net.head[v]!;
    if (t < 0) continue;
    if (x[v]! < hi[v]!) { out[t]!.push([h, v]); into[h]!.push([t, v]); }
    if (x[v]! > lo[v]!) { out[h]!.push([t, v]); into[t]!.push([h, v]); }
  }
  const search = (adj: Array<Array<[number, number]>>, from: number, skip: number): Uint8Array => {
    const seen = new Uint8Array(net.nodes);
    const stack = [from];
    seen[from] = 1;
    while (stack.length) {
      const a = stack.pop()!;
      for (const [b, v] of adj[a]!) {
        if (v === skip || seen[b]) continue;
        seen[b] = 1;
        stack.push(b);
      }
    }
    return seen;
  };
  const fixed = new Uint8Array(size);
  const fix = new Int32Array(size).fill(-1);
  for (let v = 0; v < size; v++) {
    const t = net.tail[v]!;
    const h = net.head[v]!;
    if (t < 0) {
      if (lo[v] === hi[v]) fixed[v] = 1;
      continue;
    }
    const fromHead = search(out, h, v);
    const toTail = search(into, t, v);
    const up = x[v]! < hi[v]! && fromHead[t] === 1;
    const fromTail = search(out, t, v);
    const toHead = search(into, h, v);
    const down = x[v]! > lo[v]! && fromTail[h] === 1;
    if (up || down) continue;
    fixed[v] = 1;
    // A cell f, once suppressed (free upwards; downwards when above starLo), closes a cycle
    // through v: from what v's head reaches back to what reaches v's tail (v moves up), or
    // from what v's tail reaches to what reaches v's head (v moves down).
    let best = -1;
    for (let f = 0; f < size; f++) {
      if (f === v || !canStar(f)) continue;
      const ft = net.tail[f]!;
      const fh = net.head[f]!;
      if (ft < 0) continue;
      const closes =
        (x[v]! < hi[v]! && ((fromHead[ft] && toTail[fh]) || (x[f]! > starLo && fromHead[fh] && toTail[ft]))) ||
        (x[v]! > lo[v]! && ((fromTail[ft] && toHead[fh]) || (x[f]! > starLo && fromTail[fh] && toHead[ft])));
      if (closes && (best < 0 || x[f]! < x[best]!)) best = f;
    }
    fix[v] = best;
  }
  return { fixed, fix };
}

/** Weaker fallback for lines that are not a network: interval propagation to a fixed point. */
function pinnedByPropagation(ls: readonly CellLine[], lo: Float64Array, hi: Float64Array): Uint8Array {
  let changed = true;
  for (let iter = 0; changed && iter < 1000; iter++) {
    changed = false;
    for (const l of ls) {
      let sumLo = 0;
      let sumHiFinite = 0;
      let infinite = 0;
      for (const m of l.members) {
        sumLo += lo[m]!;
        if (hi[m] === INF) infinite++;
        else sumHiFinite += hi[m]!;
      }
      const t = l.total;
      const sumHi = infinite > 0 ? INF : sumHiFinite;
      if (sumLo > lo[t]!) { lo[t] = sumLo; changed = true; }
      if (sumHi < hi[t]!) { hi[t] = sumHi; changed = true; }
      for (const m of l.members) {
        const othersHi = infinite - (hi[m] === INF ? 1 : 0) > 0 ? INF : sumHiFinite - (hi[m] === INF ? 0 : hi[m]!);
        const newLo = lo[t]! - othersHi;
        const newHi = hi[t]! - (sumLo - lo[m]!);
        if (newLo > lo[m]!) { lo[m] = newLo; changed = true; }
        if (newHi < hi[m]!) { hi[m] = newHi; changed = true; }
      }
    }
  }
  const fixed = new Uint8Array(lo.length);
  for (let v = 0; v < lo.length; v++) if (lo[v] === hi[v]) fixed[v] = 1;
  return fixed;
}
