// Layout checks run inside a page (Chromium via playwright-core): what overflows the viewport
// and which axis labels overlap. Shared by the report's layout test and the end-to-end test of
// `risk-stratify report DIR`.
import type { Page } from 'playwright-core';

/** What is wrong with the page's layout at its current viewport and media. */
export interface LayoutProblems {
  /** `document.documentElement.scrollWidth` and the viewport's width. */
  scrollWidth: number;
  viewport: number;
  /** Elements wider than their box (scrollWidth > clientWidth) or reaching past the viewport's right edge. */
  overflowing: string[];
  /** Pairs of overlapping labels in the same axis (`svg#id: "a" / "b"`). */
  overlappingLabels: string[];
}

/**
 * Measures the page: every element outside SVG whose content is wider than its box or that
 * reaches past the viewport, and every two `<text>` labels in the same `g.axis` (the x and y
 * axes of a chart counted as one, so labels meeting at the corner count too) whose bounding
 * boxes overlap by more than half a pixel.
 */
export async function layoutProblems(page: Page): Promise<LayoutProblems> {
  return page.evaluate(() => {
    const viewport = document.documentElement.clientWidth;
    const name = (el: Element): string => `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${typeof el.className === 'string' && el.className ? `.${el.className.split(' ').join('.')}` : ''}`;
    const overflowing: string[] = [];
    for (const el of Array.from(document.body.querySelectorAll('*'))) {
      if (el.closest('svg') !== null && el.tagName.toLowerCase() !== 'svg') continue;
      const r = el.getBoundingClientRect();
      if (r.width === 0 && r.height === 0) continue;
      if (el.scrollWidth > el.clientWidth + 1 && el.clientWidth > 0) overflowing.push(`${name(el)} scrollWidth ${el.scrollWidth} > ${el.clientWidth}`);
      else if (r.right > viewport + 1) overflowing.push(`${name(el)} right edge ${Math.round(r.right)} > ${viewport}`);
    }
    const overlappingLabels: string[] = [];
    for (const svg of Array.from(document.querySelectorAll('svg.chart'))) {
      const labels = Array.from(svg.querySelectorAll('g.axis text')).filter((t) => (t.textContent ?? '').trim() !== '');
      const boxes = labels.map((t) => ({ text: t.textContent ?? '', r: t.getBoundingClientRect() }));
      for (let i = 0; i < boxes.length; i++) {
        for (let j = i + 1; j < boxes.length; j++) {
          const a = boxes[i]!.r;
          const b = boxes[j]!.r;
          if (a.left < b.right - 0.5 && b.left < a.right - 0.5 && a.top < b.bottom - 0.5 && b.top < a.bottom - 0.5) overlappingLabels.push(`svg#${svg.id}: "${boxes[i]!.text}" / "${boxes[j]!.text}"`);
        }
      }
    }
    return { scrollWidth: document.documentElement.scrollWidth, viewport, overflowing, overlappingLabels };
  });
}
