import { safeParse } from '../core/options.js';
import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import * as z from 'zod/mini';
import { CliError } from './errors.js';

/** One selection variant, e.g. `{ "name": "top2", "topPercent": 2 }`. */
export const VariantConfig = z.strictObject({
  name: z.string().check(z.minLength(1)),
  topPercent: z.optional(z.number().check(z.gt(0), z.lte(100))),
  topN: z.optional(z.number().check(z.int(), z.positive())),
  per: z._default(z.enum(['practice', 'population']), 'practice'),
  adultsOnly: z._default(z.boolean(), true),
  /** `exact` (k = ceil(p x eligible), ties broken by id) or `threshold` (ties may enlarge). */
  policy: z._default(z.enum(['exact', 'threshold']), 'exact'),
  /** Maximum caseload: one number for every practice, or practice code -> number. */
  capacity: z.optional(z.union([z.number().check(z.int(), z.nonnegative()), z.record(z.string(), z.number().check(z.int(), z.nonnegative()))])),
}).check(z.refine((v) => (v.topPercent === undefined) !== (v.topN === undefined), { message: 'give exactly one of topPercent and topN', path: ['topPercent'] }));

/** Small-number suppression: counts in `[1, threshold]` hidden, the rest rounded to `roundTo`. */
export const SuppressionConfig = z.strictObject({
  threshold: z._default(z.number().check(z.int(), z.gte(0)), 7),
  roundTo: z._default(z.number().check(z.int(), z.gte(1)), 5),
});

/**
 * A site's whole run in one JSON file, so a monthly refresh is one command
 * (`risk-stratify cohort --config site.json --as-of 2025-04-01`). Relative paths are read
 * from the config file's folder. Flags on the command line win over the file.
 */
export const SiteConfig = z.strictObject({
  /** The extract: CSV paths and how its columns are named. */
  inputs: z._default(z.strictObject({
    patients: z.optional(z.string()),
    activity: z.optional(z.string()),
    conditions: z.optional(z.string()),
    /** A Synthea CSV export folder instead of the three files above. */
    synthea: z.optional(z.string()),
    medications: z.optional(z.string()),
    /**
     * Per source, our field name -> the extract's column name, e.g. `{ "patients": { "id":
     * "nhs_pseudo_id" } }` (`optedOut` may list several columns). Most extracts need none:
     * columns are found by their usual names (see the README's alias table).
     */
    columns: z.optional(z.strictObject({
      patients: z.optional(z.record(z.string(), z.union([z.string(), z.array(z.string())]))),
      activity: z.optional(z.record(z.string(), z.string())),
      conditions: z.optional(z.record(z.string(), z.string())),
      medications: z.optional(z.record(z.string(), z.string())),
    })),
    /** Columns known not to be needed, reported as ignored: one list, or per source. */
    ignore: z.optional(z.union([z.array(z.string()), z.strictObject({
      patients: z.optional(z.array(z.string())),
      activity: z.optional(z.array(z.string())),
      conditions: z.optional(z.array(z.string())),
      medications: z.optional(z.array(z.string())),
    })])),
    /**
     * `"removed-upstream"` when opt-outs were removed from the extract before it reached you;
     * otherwise (`"column"`, the default) the patients file must have an opt-out column.
     */
    optOuts: z.optional(z.enum(['column', 'removed-upstream'])),
    /** Condition codes -> condition clusters, e.g. `{ "HF": "heart_failure", "195967001": "asthma" }`. */
    conditionCodes: z.optional(z.record(z.string(), z.string().check(z.minLength(1)))),
    /** A code-list manifest (or JSON file of code lists), relative to the config: see docs/code-lists.md. */
    codeLists: z.optional(z.string().check(z.minLength(1))),
    /** Also derive condition registers from hospital diagnoses (ICD-10, every diagnosis column). */
    hospitalConditions: z.optional(z.boolean()),
    /** With `synthea`: `"single"` puts everyone in one practice (`syntheaPracticeCode`, default SYNTHEA). */
    syntheaPractice: z.optional(z.enum(['organization', 'single'])),
    syntheaPracticeCode: z.optional(z.string().check(z.minLength(1))),
    /**
     * The date the extract was taken: later dates are rejected and no step reads past it
     * (default: rows are checked against today and the window ends at the latest date in the data).
     */
    extractDate: z.optional(z.string()),
    /** The first date from which the extract's activity is complete (default: derived by the loader's rule). */
    activityFrom: z.optional(z.string()),
    /** Field delimiter of the CSV files. */
    delimiter: z.optional(z.string().check(z.length(1))),
    /** How the CSV files are encoded: `"utf-8"` (default; invalid bytes reject their row), `"latin1"` or `"windows-1252"`. */
    encoding: z.optional(z.enum(['utf-8', 'latin1', 'windows-1252'])),
    /** Bed days of one activity row above this are rejected (default 3650). */
    maxBedDays: z.optional(z.number().check(z.positive())),
    /** A cost of one activity row above this is rejected (default 1000000). */
    maxCost: z.optional(z.number().check(z.positive())),
  }), {}),
  /**
   * The warehouse tables the `sql` command writes the monthly job for (`risk-stratify sql`):
   * their names (a dotted name is schema-qualified) and, per table, the SQL's field -> the
   * table's column where they differ (default: `inputs.columns` translated). See docs/warehouse.md.
   */
  warehouse: z.optional(z.strictObject({
    tables: z.strictObject({
      patients: z.string().check(z.minLength(1)),
      activity: z.string().check(z.minLength(1)),
      conditions: z.string().check(z.minLength(1)),
      medications: z.optional(z.string().check(z.minLength(1))),
      /** Rows of (`cluster`, `code`, `system`, `resolved`) when the conditions table holds codes: registers by QOF's rule. */
      codeLists: z.optional(z.string().check(z.minLength(1))),
      /** Rows of (`list`, `id`): nobody on them is selected. */
      exclusions: z.optional(z.string().check(z.minLength(1))),
      /** Last month's cohort table as the job wrote it (`<prefix>cohort`), for churn. */
      previousCohort: z.optional(z.string().check(z.minLength(1))),
    }),
    /** Per table, the SQL's field -> your column (`null`: the table has no such column); checked by jobToSQL. */
    columns: z.optional(z.strictObject(Object.fromEntries(['patients', 'activity', 'conditions', 'medications', 'codeLists', 'exclusions', 'previousCohort'].map((t) => [t, z.optional(z.record(z.string(), z.nullable(z.string().check(z.minLength(1)))))])))),
    /** Names of the lists in `tables.exclusions` to apply, in order. */
    exclusionLists: z.optional(z.array(z.string().check(z.minLength(1)))),
    /** The segmentations of the job's segments step: `bridges` (default), `age-conditions`, `frailty` or a rules JSON file (as `segment --scheme`); `[]` for none. */
    segmentations: z.optional(z.array(z.string().check(z.minLength(1)))),
    /** The condition clusters flagged as ltc_<key> (default: every cluster the library knows by name). */
    conditionClusters: z.optional(z.array(z.string().check(z.minLength(1))).check(z.minLength(1))),
    /** The schema the job's tables are written in (default: the connection's). */
    schema: z.optional(z.string().check(z.minLength(1))),
    /** Prefix of the job's tables (default `stratify_`). */
    prefix: z.optional(z.string().check(z.minLength(1))),
  })),
  asOf: z.optional(z.string()),
  seed: z.optional(z.number().check(z.int())),
  out: z.optional(z.string()),
  lookbackMonths: z._default(z.number().check(z.int(), z.positive()), 12),
  horizonMonths: z._default(z.number().check(z.int(), z.positive()), 12),
  /** A lookback or before-window starting before the extract's activity is complete: a warning, or an error. */
  beforeData: z._default(z.enum(['warn', 'error']), 'warn'),
  /** A fitted model (JSON written by `risk-stratify fit`). */
  model: z.optional(z.string()),
  /** Ridge penalty on standardised coefficients when fitting (0 = plain maximum likelihood). */
  l2: z._default(z.number().check(z.gte(0)), 1),
  /** Which outcome the model predicts. */
  outcome: z._default(z.enum(['emergencyAdmission', 'avoidableAdmission']), 'emergencyAdmission'),
  variants: z._default(z.array(VariantConfig), [
    { name: 'top2', topPercent: 2, per: 'practice', adultsOnly: true, policy: 'exact' },
    { name: 'top5', topPercent: 5, per: 'practice', adultsOnly: true, policy: 'exact' },
  ]),
  /** Files of ids (one per line, or a CSV with an `id` column) never to select, by reason. */
  exclusions: z._default(z.record(z.string(), z.string()), {}),
  /**
   * An exclusion list whose ids match nobody in the extract (ids are matched as the loader reads
   * them: trimmed, then exactly, case included): `'error'` (default: the command stops, naming
   * the list) or `'warn'`.
   */
  unmatchedExclusions: z._default(z.enum(['error', 'warn']), 'error'),
  suppression: z._default(SuppressionConfig, { threshold: 7, roundTo: 5 }),
  /** Assumptions for comparing variants before the fact (`compare`, `demo`). */
  assumptions: z._default(z.strictObject({
    /** Relative reduction in the cohort's emergency admissions from case management: a range. */
    effect: z._default(z.tuple([z.number().check(z.gte(0), z.lte(1)), z.number().check(z.gte(0), z.lte(1))]), [0, 0.2]),
    costPerPersonYear: z._default(z.number().check(z.nonnegative()), 500),
    costPerAdmission: z._default(z.number().check(z.nonnegative()), 2000),
    costPerBedDay: z._default(z.number().check(z.nonnegative()), 350),
    bootstrap: z._default(z.number().check(z.int(), z.gte(20)), 500),
    /** The effect written into the demo's synthetic evaluation population. */
    knownEffect: z._default(z.number().check(z.gte(0), z.lte(1)), 0.15),
  }), { effect: [0, 0.2], costPerPersonYear: 500, costPerAdmission: 2000, costPerBedDay: 350, bootstrap: 500, knownEffect: 0.15 }),
});
export type SiteConfig = z.output<typeof SiteConfig>;

/** Defaults when no `--config` is given. */
export function defaultConfig(): SiteConfig {
  return safeParse(SiteConfig, {}).data!;
}

/** Keys a config may not use: they name members of every JavaScript object. */
const RESERVED_KEYS = new Set(['__proto__', ...Object.getOwnPropertyNames(Object.prototype), 'prototype']);

/**
 * Reads and validates a config file; relative paths inside it become absolute (against the
 * file's folder).
 *
 * @throws CliError naming the file and the field that is wrong.
 */
export function loadConfig(path: string): SiteConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new CliError(`cannot read config file ${path}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
  let raw: unknown;
  let reserved: string | undefined;
  try {
    // A key that names a member of Object.prototype would be dropped or misread on a plain
    // object (an exclusion list keyed "__proto__" excluded nobody): refuse it by name.
    raw = JSON.parse(text, (key, value: unknown) => {
      if (RESERVED_KEYS.has(key)) reserved ??= key;
      return value;
    });
  } catch (e) {
    throw new CliError(`config file ${path} is not valid JSON: ${(e as Error).message}`);
  }
  if (reserved !== undefined) {
    throw new CliError(`config file ${path}: the key ${JSON.stringify(reserved)} cannot be used (it names a member of every JavaScript object); rename it`);
  }
  const parsed = safeParse(SiteConfig, raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = issue.path.map(String).join('.') || '(top level)';
    throw new CliError(`config file ${path}, field ${field}: ${issue.message}`);
  }
  const cfg = parsed.data;
  const base = dirname(resolve(path));
  const abs = (p: string | undefined): string | undefined => (p === undefined ? undefined : isAbsolute(p) ? p : resolve(base, p));
  const inputs = { ...cfg.inputs };
  for (const k of ['patients', 'activity', 'conditions', 'medications', 'synthea', 'codeLists'] as const) {
    const v = abs(inputs[k]);
    if (v !== undefined) inputs[k] = v;
    else delete inputs[k];
  }
  const exclusions: Record<string, string> = {};
  for (const [reason, p] of Object.entries(cfg.exclusions)) exclusions[reason] = abs(p)!;
  const out = abs(cfg.out);
  const model = abs(cfg.model);
  const result: SiteConfig = { ...cfg, inputs, exclusions };
  if (out !== undefined) result.out = out;
  if (model !== undefined) result.model = model;
  return result;
}
