import { lazySchema } from '../core/lazy-schema.js';
import * as z from 'zod/mini';

/** The report's sections, in the order they appear (the `ReportSection` ids). */
const REPORT_SECTIONS = ['population', 'segments', 'risk', 'model', 'concentration', 'variants', 'caseloads', 'churn', 'spc', 'intervention'] as const;

const count = /* @__PURE__ */ lazySchema(() => z.number().check(z.nonnegative()));
const share = /* @__PURE__ */ lazySchema(() => z.number().check(z.gte(0), z.lte(1)));
const text = /* @__PURE__ */ lazySchema(() => z.string());

/** People of one sex in one age band, for the population pyramid. */
export const PyramidRow = /* @__PURE__ */ lazySchema(() => z.object({
  /** Age band label, e.g. `'0-4'`, `'85+'`. Bands are drawn in first-seen order, youngest first. */
  ageBand: text,
  /** Sex; `'other'` and `'unknown'` are counted in a note under the pyramid. */
  sex: z.enum(['female', 'male', 'other', 'unknown']),
  people: count,
}));
/** Input type of {@link PyramidRow}. */
export type PyramidRow = z.input<typeof PyramidRow>;

/** One practice's registered list. */
export const PracticeRow = /* @__PURE__ */ lazySchema(() => z.object({
  practice: text,
  /** People registered. */
  people: count,
  /** Adults (18+) registered, when known. */
  adults: z.optional(count),
}));
/** Input type of {@link PracticeRow}. */
export type PracticeRow = z.input<typeof PracticeRow>;

/** One segment's size and use (totals over the outcome period). */
export const SegmentRow = /* @__PURE__ */ lazySchema(() => z.object({
  segment: text,
  people: count,
  emergencyAdmissions: z.optional(count),
  bedDays: z.optional(count),
}));
/** Input type of {@link SegmentRow}. */
export type SegmentRow = z.input<typeof SegmentRow>;

/** A bin of the predicted-risk histogram, `[from, to)`, as probabilities. */
export const RiskBin = /* @__PURE__ */ lazySchema(() => z.object({ from: z.number(), to: z.number(), people: count }));
/** Input type of {@link RiskBin}. */
export type RiskBin = z.input<typeof RiskBin>;

/**
 * One variant's value of one metric, with its interval. A value the data cannot support is
 * `null`, with `missing` saying why (e.g. `'no events'`): the report shows it as a named gap,
 * `n/a (no events)`, and leaves it off the chart.
 */
export const VariantMetric = /* @__PURE__ */ lazySchema(() => z.object({
  /** Metric name, e.g. `'Emergency admissions per person'`; one chart per metric. */
  metric: text,
  estimate: z.nullable(z.number()),
  /** Lower bound of the confidence interval (null when there is none). */
  lower: z.nullable(z.number()),
  /** Upper bound of the confidence interval. */
  upper: z.nullable(z.number()),
  /** Why the estimate or its interval is null, in a few words. */
  missing: z.optional(text),
  /**
   * How the metric is printed: `'percent'` for a proportion given as a fraction (0.49 is
   * printed 49%), `'currency'` for pounds (printed £1,234), `'number'` (default) as it is.
   */
  kind: z._default(z.enum(['number', 'percent', 'currency']), 'number'),
}));
/** Input type of {@link VariantMetric}. */
export type VariantMetric = z.input<typeof VariantMetric>;

/** One variant (e.g. `'Top 2% per practice'`) and its metrics. */
export const VariantRow = /* @__PURE__ */ lazySchema(() => z.object({
  name: text,
  /** People selected by the variant. */
  people: z.optional(count),
  metrics: z.array(VariantMetric),
}));
/** Input type of {@link VariantRow}. */
export type VariantRow = z.input<typeof VariantRow>;

/** One practice's caseload. */
export const CaseloadRow = /* @__PURE__ */ lazySchema(() => z.object({
  practice: text,
  /** People selected for case management. */
  selected: count,
  /** Eligible adults on the list (the denominator of the percentage). */
  adults: z.optional(count),
  /** MDT capacity, when set. */
  capacity: z.optional(count),
}));
/** Input type of {@link CaseloadRow}. */
export type CaseloadRow = z.input<typeof CaseloadRow>;

/** Cohort churn between one refresh and the next. */
export const ChurnRow = /* @__PURE__ */ lazySchema(() => z.object({
  /** The refresh, e.g. `'2025-02'`. */
  period: text,
  entered: count,
  left: count,
  stayed: count,
}));
/** Input type of {@link ChurnRow}. */
export type ChurnRow = z.input<typeof ChurnRow>;

/**
 * One point of an SPC chart. `value` is null for a month with no value (e.g. nobody
 * registered: `missing` says why), drawn as a named gap; `centre` and the limits are null
 * where they cannot be computed (and for a run chart's limits).
 */
export const ReportSpcPoint = /* @__PURE__ */ lazySchema(() => z.object({
  label: text,
  value: z.nullable(z.number()),
  centre: z.nullable(z.number()),
  upper: z.nullable(z.number()),
  lower: z.nullable(z.number()),
  /** Why the value is null, in a few words (e.g. `'nobody registered'`). */
  missing: z.optional(text),
  /** Making Data Count signal; default `'common'`. */
  signal: z._default(z.enum(['common', 'concern', 'improvement', 'neither']), 'common'),
  /** Why the month is provisional (incomplete data: left out of the limits and rules), drawn hollow. */
  provisional: z.optional(text),
}));
/** Input type of {@link ReportSpcPoint}. */
export type ReportSpcPoint = z.input<typeof ReportSpcPoint>;

/** One SPC chart. */
export const ReportSpcSeries = /* @__PURE__ */ lazySchema(() => z.object({
  title: text,
  /** Axis label, e.g. `'Emergency admissions per 1,000 people'`. */
  unit: z._default(text, 'Value'),
  /** True when the values are counts: then each value is suppressed like any count. */
  valuesAreCounts: z._default(z.boolean(), false),
  points: z.array(ReportSpcPoint),
  /** Making Data Count icons of the chart (`spcIcons` of the `monitor` result). */
  icons: z.optional(z.object({
    variation: z.nullable(z.enum(['common_cause', 'improvement_high', 'improvement_low', 'concern_high', 'concern_low', 'neither_high', 'neither_low'])),
    assurance: z.nullable(z.enum(['pass', 'hit_and_miss', 'fail'])),
  })),
}));
/** Input type of {@link ReportSpcSeries}. */
export type ReportSpcSeries = z.input<typeof ReportSpcSeries>;

/** Making Data Count variation icons (`spcIcons`). */
const VariationIconName = /* @__PURE__ */ lazySchema(() => z.enum(['common_cause', 'improvement_high', 'improvement_low', 'concern_high', 'concern_low', 'neither_high', 'neither_low']));
/** Making Data Count assurance icons (`spcIcons`). */
const AssuranceIconName = /* @__PURE__ */ lazySchema(() => z.enum(['pass', 'hit_and_miss', 'fail']));

/**
 * One row of the SPC matrix (`spcMatrixRow`): a measure's latest judged month and value, its
 * centre line and limits there (from the same published counts as its chart), its target and
 * its Making Data Count icons. Drawn as a table at the top of the SPC section.
 */
export const ReportSpcMatrixRow = /* @__PURE__ */ lazySchema(() => z.strictObject({
  measure: text,
  unit: z._default(text, ''),
  latestLabel: z.nullable(text),
  latestValue: z.nullable(z.number()),
  mean: z.nullable(z.number()),
  lower: z.nullable(z.number()),
  upper: z.nullable(z.number()),
  target: z._default(z.nullable(z.number()), null),
  variation: z.nullable(VariationIconName),
  assurance: z.nullable(AssuranceIconName),
  /** Provisional months after the latest judged one. */
  provisional: z._default(z.array(text), []),
  chart: z._default(z.enum(['xmr', 'u', 'p', 'run']), 'xmr'),
}));
/** Input type of {@link ReportSpcMatrixRow}. */
export type ReportSpcMatrixRow = z.input<typeof ReportSpcMatrixRow>;

/**
 * A funnel plot of one month across sites, rates per 1,000 (values, pooled rate and limits),
 * each site's registered people (a count: suppressed in the report; a suppressed one is left
 * off the plot). Drawn from published counts by the producer.
 */
const ReportFunnel = /* @__PURE__ */ lazySchema(() => z.strictObject({
  /** Pooled rate per 1,000. */
  target: z.number(),
  points: z.array(z.strictObject({
    unit: text,
    /** Rate per 1,000. */
    value: z.number(),
    denominator: count,
    flag: z.strictObject({ side: z.enum(['high', 'low', 'within']), level: z.nullable(z.number()) }),
  })),
  /** Limit curves per 1,000, denominators from the smallest to the largest site. */
  curve: z.array(z.strictObject({ denominator: z.number(), limits: z.array(z.strictObject({ level: z.number(), lower: z.number(), upper: z.number() })) })),
}));

/** One core metric of one site's dashboard (`buildSiteDashboard`), as drawn. */
export const ReportDashboardMetric = /* @__PURE__ */ lazySchema(() => z.strictObject({
  key: text,
  name: text,
  unit: text,
  improvement: z._default(z.enum(['up', 'down']), 'down'),
  /** Trajectory against its own frozen baseline (XmR chart; values from published counts). */
  spc: ReportSpcSeries,
  /** The funnel of the latest complete month; null when there is none (see `notes`). */
  funnel: z._default(z.nullable(ReportFunnel), null),
  funnelMonth: z._default(z.nullable(text), null),
  /** The site's z-score (overdispersion-adjusted) on each complete month's funnel. */
  position: z._default(z.array(z.strictObject({ month: text, value: z.number(), z: z.number(), flag: z.enum(['high', 'low', 'within']), level: z.nullable(z.number()) })), []),
  /** Against the counterfactual (matched evaluation), per treated person over the after-window. */
  counterfactual: z._default(z.nullable(z.strictObject({
    outcome: text,
    treatedAfter: z.number(),
    expectedWithout: z.number(),
    did: z.strictObject({ estimate: z.number(), ci95: z.tuple([z.number(), z.number()]) }),
    relative: z.nullable(z.number()),
  })), null),
  /** Why a part is missing, in words. */
  notes: z._default(z.array(text), []),
}));
/** Input type of {@link ReportDashboardMetric}. */
export type ReportDashboardMetric = z.input<typeof ReportDashboardMetric>;

/** One outcome of the matched evaluation beside the naive before/after change. */
export const InterventionEffect = /* @__PURE__ */ lazySchema(() => z.object({
  outcome: text,
  /** Matched difference-in-differences (treated change minus matched-control change). */
  did: z.number(),
  didCi: z.tuple([z.number(), z.number()]),
  /** Naive before/after change in the treated group alone. */
  naive: z.number(),
  naiveCi: z.tuple([z.number(), z.number()]),
}));
/** Input type of {@link InterventionEffect}. */
export type InterventionEffect = z.input<typeof InterventionEffect>;

/** A column of an extra table. */
export const TableColumn = /* @__PURE__ */ lazySchema(() => z.object({
  key: text,
  label: text,
  /** `'count'` cells are suppressed; `'percent'` are proportions printed as %. */
  kind: z._default(z.enum(['text', 'count', 'number', 'percent']), 'text'),
}));
/** Input type of {@link TableColumn}. */
export type TableColumn = z.input<typeof TableColumn>;

/** An extra table. */
export const ReportTable = /* @__PURE__ */ lazySchema(() => z.object({
  title: text,
  caption: z.optional(text),
  columns: z.array(TableColumn).check(z.minLength(1)),
  rows: z.array(z.record(z.string(), z.union([z.string(), z.number(), z.null()]))),
}));
/** Input type of {@link ReportTable}. */
export type ReportTable = z.input<typeof ReportTable>;

/**
 * Everything {@link renderReport} can draw. Each section is optional and omitted from the
 * report when absent. The shapes are the report's own: small plain objects, so each stage's
 * result is adapted with a few lines. Counts are raw: the report suppresses them (so a file
 * of this input holds exact counts and is not for publication; the HTML is).
 */
export const ReportInput = /* @__PURE__ */ lazySchema(() => z.object({
  title: z._default(text, 'Risk stratification report'),
  /** Who the report is for, e.g. `'North Locality MDT'`. */
  generatedFor: z.optional(text),
  /** The as-of date, as text (e.g. `'2025-04-01'`). */
  asOf: z.optional(text),
  /** Free text under the title (e.g. data sources). */
  notes: z.optional(z.array(text)),
  /**
   * Where the numbers came from, one line each (tool and version, command, the extract's
   * window, how opt-outs were handled, the suppression rule, the date of the run): printed
   * under the title. The command fills it.
   */
  provenance: z.optional(z.array(text)),
  population: z.optional(z.object({
    pyramid: z._default(z.array(PyramidRow), []),
    practices: z._default(z.array(PracticeRow), []),
    /** People excluded because they opted out (reported, suppressed). */
    optedOut: z.optional(count),
  })),
  segments: z.optional(z.array(SegmentRow)),
  risk: z.optional(z.object({
    bins: z.array(RiskBin).check(z.minLength(1)),
    /** Cut-offs to mark, e.g. `{ label: 'Top 2%', value: 0.31 }`. */
    thresholds: z.optional(z.array(z.object({ label: text, value: z.number() }))),
  })),
  roc: z.optional(z.object({
    points: z.array(z.object({ fpr: share, tpr: share })).check(z.minLength(2)),
    /** Null when the data cannot support it (no events or no non-events): shown as `n/a (missing)`. */
    auroc: z.nullable(share),
    ci: z.optional(z.tuple([share, share])),
    /** Why the AUROC is null, in a few words (e.g. `'no events'`). */
    missing: z.optional(text),
  })),
  calibration: z.optional(z.array(z.object({
    expected: share,
    observed: share,
    n: count,
    /** People in the bin with the outcome: when given, the observed rate shown is published events / published n. */
    events: z.optional(count),
  }))),
  concentration: z.optional(z.array(z.object({
    /** The top x% of people by risk, 0-100. */
    topPercent: z.number().check(z.gte(0), z.lte(100)),
    /** Share (0-1) of all emergency admissions that they had. */
    admissionsShare: share,
    /** Share (0-1) of all bed days that they had. */
    bedDaysShare: z.optional(share),
  }))),
  variants: z.optional(z.array(VariantRow)),
  caseloads: z.optional(z.array(CaseloadRow)),
  churn: z.optional(z.array(ChurnRow)),
  spc: z.optional(z.array(ReportSpcSeries)),
  /** The SPC matrix: one row per measure (and unit) charted, drawn at the top of the SPC section. */
  spcMatrix: z.optional(z.array(ReportSpcMatrixRow)),
  /**
   * The per-site dashboard (`buildSiteDashboard`): per site, per core metric its trajectory
   * against its own baseline, its place among the sites and its counterfactual; its own
   * section after the SPC section. `note` is printed under its heading (e.g. which sites are shown).
   */
  dashboard: z.optional(z.strictObject({
    sites: z.array(z.strictObject({ site: text, metrics: z.array(ReportDashboardMetric).check(z.minLength(1)) })).check(z.minLength(1)),
    method: z.optional(text),
    note: z.optional(text),
  })),
  intervention: z.optional(z.object({
    /**
     * The population the evaluation ran on, when it is not the one above (e.g. the demo's
     * separate synthetic population with a known effect): printed as a highlighted note.
     */
    source: z.optional(text),
    /** Case-managed people. */
    treated: z.optional(count),
    /** Matched controls. */
    controls: z.optional(count),
    effects: z.array(InterventionEffect).check(z.minLength(1)),
  })),
  tables: z.optional(z.array(ReportTable)),
  /**
   * Notes printed under a section's introduction, by section id (`'model'`, `'variants'`,
   * ...): the back-test dates, the assumed effect sizes and costs, which variant the caseloads
   * are for, where the numbers came from.
   */
  sectionNotes: z.optional(z.partialRecord(z.enum(REPORT_SECTIONS), z.array(text))),
  /**
   * Sections left out and why (e.g. `{ section: 'variants', why: 'no compare output in these
   * folders' }`): listed under the contents, so a partial report says what it lacks.
   */
  missing: z.optional(z.array(z.object({ section: z.enum(REPORT_SECTIONS), why: text }))),
}));
/** Input type of {@link ReportInput} (what callers pass). */
export type ReportInput = z.input<typeof ReportInput>;
/** Parsed {@link ReportInput} with defaults filled (what the renderer works on). */
export type ParsedReportInput = z.output<typeof ReportInput>;
