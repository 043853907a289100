import { lazySchema } from '../core/lazy-schema.js';
import * as z from 'zod/mini';
import { ownRecord, ownValue } from '../core/own-record.js';
import { fail } from '../core/errors.js';
import { parseOptions } from '../core/options.js';
import type { Population } from '../core/population.js';
import { buildMonthlySeries, type MonthlyRow } from './build-monthly-series.js';
import { funnelPlot, type FunnelResult } from './funnel-plot.js';
import { publishMonthlySeries } from './publish-monthly-series.js';
import { monitor, type SpcResult } from './monitor.js';
import type { InterventionOutcome, InterventionResult } from './evaluate-intervention.js';

const DateLike = /* @__PURE__ */ lazySchema(() => z.union([z.number().check(z.int()), z.string(), z.date()]));

/** Options of {@link buildSiteDashboard}. */
export const SiteDashboardOptions = /* @__PURE__ */ lazySchema(() => z.object({
  /** First month (any day in it). */
  from: DateLike,
  /** Last month, inclusive (any day in it); a part-month at the extract's end is kept as provisional. */
  to: DateLike,
  /** Practice code to site name; default each practice is a site. Practices not listed are left out. */
  sites: z.optional(ownRecord(z.string(), 'site by practice')),
  /** Months from the start on which each site's SPC centre line and limits are frozen (its own baseline). */
  baselineMonths: z._default(z.number().check(z.int(), z.gte(2)), 12),
  /**
   * A quality-of-life measure for people with long-term conditions (e.g. EQ-5D index values):
   * averaged per person and month, then per site (see `buildMonthlySeries`' `perPersonMeasure`).
   */
  qualityOfLife: z.optional(z
    .object({
      name: z._default(z.string().check(z.minLength(1)), 'Quality of life (people with long-term conditions)'),
      values: z.array(z.object({ id: z.string(), date: DateLike, value: z.number() })),
      /** Which way is better; default higher. */
      improvement: z._default(z.enum(['up', 'down']), 'up'),
    })),
  /** Targets per metric key (`emergencyAdmissionsPer1000`, `bedDaysPer1000`, `qualityOfLife`), for the assurance icon. */
  targets: z._default(ownRecord(z.number(), 'targets by metric'), {}),
  /** Funnel overdispersion (see `funnelPlot`); default multiplicative. */
  overdispersion: z._default(z.union([z.literal(false), z.enum(['multiplicative', 'additive'])]), 'multiplicative'),
  /** Matched evaluations (results of `evaluateIntervention`) by site name, where an intervention start is given. */
  evaluations: z._default(ownRecord(z.custom<InterventionResult>((v) => typeof v === 'object' && v !== null && 'effects' in v, { message: 'expected a result of evaluateIntervention' }), 'intervention results by site'), {}),
}));
export type SiteDashboardOptions = z.input<typeof SiteDashboardOptions>;

/** A site's place among the sites in one month (funnel of that month). */
export interface SitePosition {
  readonly month: string;
  /** The site's rate (per 1,000) that month. */
  readonly value: number;
  /** z-score against the pooled rate, divided by sqrt(phi) when overdispersion is applied (multiplicative), or by sqrt(1 + tau^2 n / V) (additive). */
  readonly z: number;
  /** Beyond the 99.8% limits high or low, beyond 95%, or within. */
  readonly flag: 'high' | 'low' | 'within';
  readonly level: number | null;
}

/** The site's comparison against the counterfactual (the matched evaluation). */
export interface SiteCounterfactual {
  readonly outcome: InterventionOutcome;
  /** Per treated person over the evaluation's after-window. */
  readonly treatedAfter: number;
  /** What the treated group's after-value would have been without the change: treated after - DiD. */
  readonly expectedWithout: number;
  /** The difference in differences (negative = fewer) with its bootstrap 95% interval. */
  readonly did: { readonly estimate: number; readonly ci95: readonly [number, number] };
  readonly relative: number | null;
}

/** One metric of one site's dashboard. */
export interface SiteMetric {
  /** `emergencyAdmissionsPer1000`, `bedDaysPer1000` or `qualityOfLife`. */
  readonly key: string;
  /** In words. */
  readonly name: string;
  /** Unit of the values, e.g. `'per 1,000 registered'`. */
  readonly unit: string;
  readonly improvement: 'up' | 'down';
  /** Trajectory against its own frozen baseline: XmR chart, limits on the first `baselineMonths`. */
  readonly spc: SpcResult;
  /** The funnel of the latest complete (not provisional) month across sites; null for a per-person measure (no Poisson variance) or fewer than two sites. */
  readonly funnel: FunnelResult | null;
  /** The month of the funnel. */
  readonly funnelMonth: string | null;
  /** The site's position on each complete month's funnel. */
  readonly position: readonly SitePosition[];
  /** Against the counterfactual: from the site's matched evaluation, where given. */
  readonly counterfactual: SiteCounterfactual | null;
  /** Why a part is missing, in words. */
  readonly notes: readonly string[];
}

/** One site's dashboard. */
export interface SiteDashboard {
  readonly site: string;
  readonly metrics: readonly SiteMetric[];
}

/** The result of {@link buildSiteDashboard}. */
export interface SiteDashboards {
  readonly sites: readonly SiteDashboard[];
  /** The monthly rows behind every chart (`buildMonthlySeries`, per site). */
  readonly rows: readonly MonthlyRow[];
  readonly method: string;
}

const FN = 'buildSiteDashboard';
const METRICS = [
  { key: 'emergencyAdmissionsPer1000', name: 'Emergency admissions', outcome: 'emergencyAdmissions' },
  { key: 'bedDaysPer1000', name: 'Emergency bed days', outcome: 'bedDays' },
] as const;

/**
 * The seed's dashboard for every site (or practice) and core metric: emergency admissions and
 * emergency bed days per 1,000 registered (per person x 1,000), and a quality-of-life measure
 * for people with long-term conditions when given. Each metric of each site has:
 *
 * - its trajectory against its own frozen baseline: `monitor` XmR chart with limits from the
 *   first `baselineMonths`; provisional months (part-month, bed days of admissions not yet
 *   discharged) shown but not judged;
 * - its place among the sites: `funnelPlot` of the latest complete month (rates, with
 *   overdispersion), and its z-score and flag on each complete month's funnel (position over time);
 * - against the counterfactual: the matched evaluation of that site (`evaluateIntervention`,
 *   passed in `evaluations`), where an intervention start is given: the treated group's
 *   after-value beside what it would have been without the change (after - DiD).
 *
 * O(people x months + events + sites x months).
 *
 * @param population - the population.
 * @param options - see {@link SiteDashboardOptions}.
 * @returns one dashboard per site, in the order sites first appear among the practices.
 * @throws RiskStratifyError as `buildMonthlySeries` (window, dates); `invalid_options` for an
 *   evaluation named for a site that is not in the data, or fewer months than `baselineMonths`.
 * @example
 * const d = buildSiteDashboard(population, { from: '2021-04-01', to: '2024-03-31' });
 * d.sites[0].metrics[1].spc.variation; // => 'common_cause'
 */
export function buildSiteDashboard(population: Population, options: SiteDashboardOptions): SiteDashboards {
  const o = parseOptions(FN, SiteDashboardOptions, options);
  const rows = dashboardRows(population, o);
  return dashboardFromRows(rows, rows, o);
}

/**
 * Internal (the report's dashboard): the same dashboard drawn from published counts only:
 * the monthly counts go through `publishMonthlySeries` (suppression with secondary
 * suppression across sites, rounding), every rate, chart and funnel is computed from them;
 * a month whose count is suppressed is a gap in the site's chart and is left off that month's funnel.
 */
export function publishedSiteDashboard(population: Population, options: SiteDashboardOptions, rule: { threshold: number; roundTo: number }): SiteDashboards {
  const o = parseOptions(FN, SiteDashboardOptions, options);
  const rows = dashboardRows(population, o);
  const published = publishMonthlySeries(rows, rule).rows.map((r): MonthlyRow => {
    const numerator = typeof r['numerator'] === 'number' ? r['numerator'] : Number.NaN;
    const denominator = typeof r['denominator'] === 'number' ? r['denominator'] : Number.NaN;
    return { ...(r as unknown as MonthlyRow), numerator, denominator, value: typeof r['value'] === 'number' ? r['value'] : null };
  });
  return dashboardFromRows(published, rows, o);
}

function dashboardRows(population: Population, o: z.output<typeof SiteDashboardOptions>): ReturnType<typeof buildMonthlySeries> {
  const sites = o.sites ?? Object.fromEntries(population.practices.map((p) => [p, p]));
  const qol = o.qualityOfLife;
  return buildMonthlySeries(population, {
    from: o.from, to: o.to, per: 'site', sites, measures: ['emergencyAdmissionsPer1000', 'bedDaysPer1000'], partialMonths: 'provisional',
    ...(qol ? { perPersonMeasure: { name: 'qualityOfLife', values: qol.values } } : {}),
  });
}

/** The dashboard from monthly rows (`rows`: exact or published); `exact` gives the data window and is returned as `rows`. */
function dashboardFromRows(rows: readonly MonthlyRow[], exact: ReturnType<typeof buildMonthlySeries>, o: z.output<typeof SiteDashboardOptions>): SiteDashboards {
  const qol = o.qualityOfLife;
  const siteNames = [...new Set(rows.map((r) => r.unit))];
  for (const s of Object.keys(o.evaluations)) {
    if (!siteNames.includes(s)) fail({ fn: FN, code: 'invalid_options', path: ['options', 'evaluations', s], value: s, message: `no site of that name (sites: ${siteNames.slice(0, 5).join(', ')})` });
  }
  const months = [...new Set(rows.map((r) => r.month))];
  if (months.length < o.baselineMonths) fail({ fn: FN, code: 'invalid_options', path: ['options', 'baselineMonths'], value: o.baselineMonths, message: `needs at least that many months; from..to gives ${months.length}` });
  const byKey = new Map<string, MonthlyRow[]>();
  for (const r of rows) {
    const k = `${r.measure}\u0000${r.unit}`;
    const list = byKey.get(k);
    if (list) list.push(r);
    else byKey.set(k, [r]);
  }
  const metrics = [
    ...METRICS.map((m) => ({ ...m, unit: 'per 1,000 registered', improvement: 'down' as const, rate: true })),
    ...(qol ? [{ key: 'qualityOfLife', name: qol.name, outcome: null, unit: 'mean per person', improvement: qol.improvement, rate: false }] : []),
  ];

  // Funnels per metric and complete month (a month is complete when no site's row is provisional).
  const funnels = new Map<string, { month: string; f: FunnelResult }[]>();
  for (const m of metrics) {
    if (!m.rate || siteNames.length < 2) continue;
    const list: { month: string; f: FunnelResult }[] = [];
    for (const month of months) {
      const all = siteNames.map((s) => byKey.get(`${m.key}\u0000${s}`)!.find((r) => r.month === month)!);
      if (all.some((r) => r.provisional !== undefined) || all.some((r) => r.denominator <= 0)) continue;
      // a published count that is suppressed (NaN) leaves its site off that month's funnel
      const units = all.filter((r) => Number.isFinite(r.numerator) && Number.isFinite(r.denominator));
      if (units.length < 2) continue;
      list.push({ month, f: funnelPlot(units.map((r) => ({ unit: r.unit, numerator: r.numerator, denominator: r.denominator })), { overdispersion: o.overdispersion, suppression: false, levels: [0.95, 0.998] }) });
    }
    funnels.set(m.key, list);
  }

  const out: SiteDashboard[] = siteNames.map((site) => {
    const evaluation = ownValue(o.evaluations, site);
    return Object.freeze({
      site,
      metrics: metrics.map((m): SiteMetric => {
        const series = byKey.get(`${m.key}\u0000${site}`)!;
        const target = ownValue(o.targets, m.key);
        const spc = monitor(series, { chart: 'xmr', baselinePoints: o.baselineMonths, improvement: m.improvement, window: exact.dataWindow, ...(target !== undefined ? { target } : {}) });
        const notes: string[] = [];
        if (series.every((r) => r.value === null)) notes.push(m.rate ? 'no month has anyone registered at this site' : 'no values were given for people at this site');
        const list = funnels.get(m.key) ?? [];
        if (!m.rate) notes.push('no funnel: a per-person mean has no Poisson variance to set funnel limits');
        else if (siteNames.length < 2) notes.push('no funnel: only one site');
        else if (list.length === 0) notes.push('no funnel: no complete month with someone registered in every site');
        const position = list.flatMap(({ month, f }): SitePosition[] => {
          const p = f.points.find((x) => x.unit === site);
          // not on that month's funnel (its count suppressed), or no z (a pooled rate of 0)
          if (p === undefined || !Number.isFinite(p.z)) return [];
          const scale = f.overdispersionApplied ? (f.tau2 !== null ? Math.sqrt(1 + (f.tau2 * p.denominator) / f.target) : Math.sqrt(f.phi)) : 1;
          return [{ month, value: 1000 * p.value, z: p.z / scale, flag: p.flag.side, level: p.flag.level }];
        });
        const latest = list[list.length - 1];
        let counterfactual: SiteCounterfactual | null = null;
        if (m.outcome !== null && evaluation) {
          const e = evaluation.effects[m.outcome];
          counterfactual = { outcome: m.outcome, treatedAfter: e.treatedAfter, expectedWithout: e.treatedAfter - e.did.estimate, did: { estimate: e.did.estimate, ci95: e.did.ci95 }, relative: e.relative.estimate };
        } else if (m.outcome !== null) notes.push('no counterfactual: no matched evaluation given for this site (an intervention start is needed)');
        else notes.push('no counterfactual: the matched evaluation measures admissions, bed days and A&E only');
        return Object.freeze({
          key: m.key, name: m.name, unit: m.unit, improvement: m.improvement, spc,
          funnel: latest?.f ?? null, funnelMonth: latest?.month ?? null, position: Object.freeze(position), counterfactual, notes: Object.freeze(notes),
        });
      }),
    });
  });
  const method = `Per site and metric: an XmR chart with limits frozen on the first ${o.baselineMonths} months (provisional months shown, not judged); ` +
    `funnel plots of each complete month across sites (Poisson limits around the pooled rate${o.overdispersion === false ? '' : `, ${o.overdispersion} overdispersion`}), the latest one shown and the site's z-score on each as its position over time; ` +
    'the matched difference-in-differences against its counterfactual where an evaluation is given.';
  return Object.freeze({ sites: Object.freeze(out), rows: exact, method });
}
