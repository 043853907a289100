import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { z } from 'zod';
import { CliError } from './errors.js';

/** One selection variant, e.g. `{ "name": "top2", "topPercent": 2 }`. */
export const VariantConfig = z.object({
  name: z.string().min(1),
  topPercent: z.number().gt(0).max(100).optional(),
  topN: z.number().int().positive().optional(),
  per: z.enum(['practice', 'population']).default('practice'),
  adultsOnly: z.boolean().default(true),
  /** `exact` (k = ceil(p x eligible), ties broken by id) or `threshold` (ties may enlarge). */
  policy: z.enum(['exact', 'threshold']).default('exact'),
  /** Maximum caseload: one number for every practice, or practice code -> number. */
  capacity: z.union([z.number().int().nonnegative(), z.record(z.string(), z.number().int().nonnegative())]).optional(),
}).strict().refine((v) => (v.topPercent === undefined) !== (v.topN === undefined), { message: 'give exactly one of topPercent and topN', path: ['topPercent'] });

/** Small-number suppression: counts in `[1, threshold]` hidden, the rest rounded to `roundTo`. */
export const SuppressionConfig = z.object({
  threshold: z.number().int().min(0).default(7),
  roundTo: z.number().int().min(1).default(5),
}).strict();

/**
 * A site's whole run in one JSON file, so a monthly refresh is one command
 * (`risk-stratify cohort --config site.json --as-of 2025-04-01`). Relative paths are read
 * from the config file's folder. Flags on the command line win over the file.
 */
export const SiteConfig = z.object({
  /** The extract: CSV paths and how its columns are named. */
  inputs: z.object({
    patients: z.string().optional(),
    activity: z.string().optional(),
    conditions: z.string().optional(),
    /** A Synthea CSV export folder instead of the three files above. */
    synthea: z.string().optional(),
    medications: z.string().optional(),
    /**
     * Per source, our field name -> the extract's column name, e.g. `{ "patients": { "id":
     * "nhs_pseudo_id" } }` (`optedOut` may list several columns). Most extracts need none:
     * columns are found by their usual names (see the README's alias table).
     */
    columns: z.object({
      patients: z.record(z.string(), z.union([z.string(), z.array(z.string())])).optional(),
      activity: z.record(z.string(), z.string()).optional(),
      conditions: z.record(z.string(), z.string()).optional(),
      medications: z.record(z.string(), z.string()).optional(),
    }).strict().optional(),
    /** Columns known not to be needed, reported as ignored: one list, or per source. */
    ignore: z.union([z.array(z.string()), z.object({
      patients: z.array(z.string()).optional(),
      activity: z.array(z.string()).optional(),
      conditions: z.array(z.string()).optional(),
      medications: z.array(z.string()).optional(),
    }).strict()]).optional(),
    /**
     * `"removed-upstream"` when opt-outs were removed from the extract before it reached you;
     * otherwise (`"column"`, the default) the patients file must have an opt-out column.
     */
    optOuts: z.enum(['column', 'removed-upstream']).optional(),
    /** Condition codes -> condition clusters, e.g. `{ "HF": "heart_failure", "195967001": "asthma" }`. */
    conditionCodes: z.record(z.string(), z.string().min(1)).optional(),
    /** A code-list manifest (or JSON file of code lists), relative to the config: see docs/code-lists.md. */
    codeLists: z.string().min(1).optional(),
    /** Also derive condition registers from hospital diagnoses (ICD-10, every diagnosis column). */
    hospitalConditions: z.boolean().optional(),
    /** With `synthea`: `"single"` puts everyone in one practice (`syntheaPracticeCode`, default SYNTHEA). */
    syntheaPractice: z.enum(['organization', 'single']).optional(),
    syntheaPracticeCode: z.string().min(1).optional(),
    /**
     * The date the extract was taken: later dates are rejected and no step reads past it
     * (default: rows are checked against today and the window ends at the latest date in the data).
     */
    extractDate: z.string().optional(),
    /** The first date from which the extract's activity is complete (default: derived by the loader's rule). */
    activityFrom: z.string().optional(),
    /** Field delimiter of the CSV files. */
    delimiter: z.string().length(1).optional(),
    /** How the CSV files are encoded: `"utf-8"` (default; invalid bytes reject their row), `"latin1"` or `"windows-1252"`. */
    encoding: z.enum(['utf-8', 'latin1', 'windows-1252']).optional(),
    /** Bed days of one activity row above this are rejected (default 3650). */
    maxBedDays: z.number().positive().optional(),
    /** A cost of one activity row above this is rejected (default 1000000). */
    maxCost: z.number().positive().optional(),
  }).strict().default({}),
  /**
   * The warehouse tables the `sql` command writes the monthly job for (`risk-stratify sql`):
   * their names (a dotted name is schema-qualified) and, per table, our field -> the table's
   * column where they differ (default: `inputs.columns`, else our field names). See docs/warehouse.md.
   */
  warehouse: z.object({
    tables: z.object({
      patients: z.string().min(1),
      activity: z.string().min(1),
      conditions: z.string().min(1),
      medications: z.string().min(1).optional(),
      /** Rows of (`list`, `id`): nobody on them is selected. */
      exclusions: z.string().min(1).optional(),
      /** Last month's cohort table as the job wrote it (`<prefix>cohort`), for churn. */
      previousCohort: z.string().min(1).optional(),
    }).strict(),
    /** Per table, the SQL's field -> your column (`null`: the table has no such column); checked by jobToSQL. */
    columns: z.object(Object.fromEntries(['patients', 'activity', 'conditions', 'medications', 'exclusions', 'previousCohort'].map((t) => [t, z.record(z.string(), z.string().min(1).nullable()).optional()]))).strict().optional(),
    /** Names of the lists in `tables.exclusions` to apply, in order. */
    exclusionLists: z.array(z.string().min(1)).optional(),
    /** The condition clusters flagged as ltc_<key> (default: every cluster the library knows by name). */
    conditionClusters: z.array(z.string().min(1)).min(1).optional(),
    /** The schema the job's tables are written in (default: the connection's). */
    schema: z.string().min(1).optional(),
    /** Prefix of the job's tables (default `stratify_`). */
    prefix: z.string().min(1).optional(),
  }).strict().optional(),
  asOf: z.string().optional(),
  seed: z.number().int().optional(),
  out: z.string().optional(),
  lookbackMonths: z.number().int().positive().default(12),
  horizonMonths: z.number().int().positive().default(12),
  /** A lookback or before-window starting before the extract's activity is complete: a warning, or an error. */
  beforeData: z.enum(['warn', 'error']).default('warn'),
  /** A fitted model (JSON written by `risk-stratify fit`). */
  model: z.string().optional(),
  /** Ridge penalty on standardised coefficients when fitting (0 = plain maximum likelihood). */
  l2: z.number().min(0).default(1),
  /** Which outcome the model predicts. */
  outcome: z.enum(['emergencyAdmission', 'avoidableAdmission']).default('emergencyAdmission'),
  variants: z.array(VariantConfig).default([
    { name: 'top2', topPercent: 2, per: 'practice', adultsOnly: true, policy: 'exact' },
    { name: 'top5', topPercent: 5, per: 'practice', adultsOnly: true, policy: 'exact' },
  ]),
  /** Files of ids (one per line, or a CSV with an `id` column) never to select, by reason. */
  exclusions: z.record(z.string(), z.string()).default({}),
  /**
   * An exclusion list whose ids match nobody in the extract (ids are matched as the loader reads
   * them: trimmed, then exactly, case included): `'error'` (default: the command stops, naming
   * the list) or `'warn'`.
   */
  unmatchedExclusions: z.enum(['error', 'warn']).default('error'),
  suppression: SuppressionConfig.default({ threshold: 7, roundTo: 5 }),
  /** Assumptions for comparing variants before the fact (`compare`, `demo`). */
  assumptions: z.object({
    /** Relative reduction in the cohort's emergency admissions from case management: a range. */
    effect: z.tuple([z.number().min(0).max(1), z.number().min(0).max(1)]).default([0, 0.2]),
    costPerPersonYear: z.number().nonnegative().default(500),
    costPerAdmission: z.number().nonnegative().default(2000),
    costPerBedDay: z.number().nonnegative().default(350),
    bootstrap: z.number().int().min(20).default(500),
    /** The effect written into the demo's synthetic evaluation population. */
    knownEffect: z.number().min(0).max(1).default(0.15),
  }).strict().default({ effect: [0, 0.2], costPerPersonYear: 500, costPerAdmission: 2000, costPerBedDay: 350, bootstrap: 500, knownEffect: 0.15 }),
}).strict();
export type SiteConfig = z.output<typeof SiteConfig>;

/** Defaults when no `--config` is given. */
export function defaultConfig(): SiteConfig {
  return SiteConfig.parse({});
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
  const parsed = SiteConfig.safeParse(raw);
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
