// Internal: thins a long curve (a ROC curve from a million scores) to what a chart can show.

/**
 * Keeps the first and last points and every point that moved at least `step` in x or in y
 * since the last point kept, so the drawn curve is within `step` of the full one in both
 * directions (a 0.001 step is under half a pixel on the report's plots). For a monotone
 * curve over [0, 1]² at most about 2/step + 2 points remain. O(n).
 */
export function thinCurve(points: ReadonlyArray<{ x: number; y: number }>, step = 0.001): Array<{ x: number; y: number }> {
  if (points.length <= 2) return points.map((p) => ({ x: p.x, y: p.y }));
  const out = [{ x: points[0]!.x, y: points[0]!.y }];
  let last = out[0]!;
  for (let i = 1; i < points.length - 1; i++) {
    const p = points[i]!;
    if (Math.abs(p.x - last.x) >= step || Math.abs(p.y - last.y) >= step) {
      last = { x: p.x, y: p.y };
      out.push(last);
    }
  }
  const end = points[points.length - 1]!;
  out.push({ x: end.x, y: end.y });
  return out;
}
