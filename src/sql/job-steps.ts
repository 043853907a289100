/**
 * The steps of the monthly job, in run order, each as one SELECT over the input tables and
 * the earlier steps (named by placeholders `jobToSQL` replaces). Internal: `jobToSQL` renders
 * them. The SQL of each part comes from the writer that owns it (eligibility and features:
 * `eligibilityToSQL`, `featuresToSQL`; scores and reasons: `riskModelToSQL`; cohorts and
 * churn: `cohortSQL`, `churnSQL`); this file only wires their inputs and outputs together.
 *
 * @module
 */
import { reasonGroups } from '../model/score-reasons.js';
import { riskModelToSQL } from '../model/risk-model-to-sql.js';
import type { Dialect, SqlQuery } from './dialect.js';
import { featuresToSQL } from './features-sql.js';
import { eligibilityToSQL } from './eligibility-sql.js';
import { cohortSQL } from './cohort-sql.js';
import { churnSQL } from './churn-sql.js';
import { segmentsSQL } from './segments-sql.js';
import type { ParsedJobOptions } from './job-sql.js';

/** One step before rendering: its table, what it holds, its SQL (parts or one SELECT), what it reads. */
export interface PlannedStep {
  readonly name: string;
  readonly description: string;
  /** The step as query parts (any dialect can wrap it), or as one SELECT statement without ORDER BY. */
  readonly query: SqlQuery | string;
  readonly dependsOn: readonly string[];
}

/**
 * The job's steps: `people` (everyone on the list with the first reason they are not
 * eligible), `features`, per segmentation `segments_<k>` and their union `segments` (with a
 * `segmentation` column), `scores` (with reasons), per variant `ranked_<k>` (every scored person
 * with their exclusion, rank and whether selected) and, with a previous cohort, `previous_<k>`
 * and `churn_<k>`; then the union tables `cohort` and `churn`, with a `variant` column.
 */
export function jobSteps(o: ParsedJobOptions, d: Dialect, ref: (step: string) => string): PlannedStep[] {
  const p = o.prefix;
  const name = (s: string): string => `${p}${s}`;
  const steps: PlannedStep[] = [];
  const source = {
    dialect: o.dialect,
    asOf: o.asOf,
    tables: { patients: o.tables.patients, activity: o.tables.activity, conditions: o.tables.conditions, ...(o.tables.medications !== undefined ? { medications: o.tables.medications } : {}) },
    ...(o.columns.patients || o.columns.activity || o.columns.conditions || o.columns.medications ? { columns: pickSourceColumns(o) } : {}),
  };
  const people = eligibilityToSQL({ ...source });
  const peopleId = people.columns[0]!;
  steps.push({ name: name('people'), description: `everyone on the list on ${o.asOf} with the first reason they are not eligible (NULL when eligible)`, query: people.query, dependsOn: [] });
  const codeLists = o.tables.codeLists === undefined ? {} : { codeLists: { table: o.tables.codeLists, ...(o.columns.codeLists ? { columns: o.columns.codeLists } : {}) } };
  const features = featuresToSQL({ ...source, lookbackMonths: o.lookbackMonths, conditionClusters: [...o.conditionClusters], ...(o.clusterNames ? { clusterNames: [...o.clusterNames] } : {}), ...codeLists });
  const idColumn = features.columns[0]!;
  steps.push({ name: name('features'), description: `features as of ${o.asOf} (lookback ${o.lookbackMonths} months), one row per person registered and alive`, query: features.query, dependsOn: [] });
  const segmented: string[] = [];
  o.segmentations.forEach((m, k) => {
    const segName = name(`segments_${k + 1}`);
    segmented.push(segName);
    steps.push({
      name: segName,
      description: `segmentation ${JSON.stringify(m.name)}: every person's segment (code and name) and the 0-based rule that assigned it (NULL: the default segment)`,
      query: segmentsSQL(m, { dialect: o.dialect, table: ref(name('features')), idColumn, features: features.columns.slice(1), orderBy: false }),
      dependsOn: [name('features')],
    });
  });
  const union = (tables: readonly string[], column: string, labels: readonly string[], where: string): string =>
    tables.map((t, k) => `SELECT ${d.string(labels[k]!)} AS ${d.ident(column)}, r.*\nFROM ${d.ident(ref(t))} AS r${where}`).join('\nUNION ALL\n');
  if (segmented.length > 0) {
    steps.push({
      name: name('segments'),
      description: "every segmentation's segments: segmentation, id, segment, segment_name, rule",
      query: union(segmented, 'segmentation', o.segmentations.map((m) => m.name), ''),
      dependsOn: segmented,
    });
  }
  const reasonColumns = o.model.featureMeans ? reasonGroups(o.model.featureNames).map((g) => `reason_${g.key}`) : [];
  steps.push({
    name: name('scores'),
    description: `the model's risk (probability of ${o.model.featureNames.length}-feature logistic model) and each reason group's contribution to the log-odds`,
    query: riskModelToSQL(o.model, { dialect: o.dialect, table: ref(name('features')), idColumn, scoreColumn: 'score', reasons: reasonColumns.length > 0 }),
    dependsOn: [name('features')],
  });
  const lists = o.exclusionLists;
  const previous = o.tables.previousCohort;
  const ranked: string[] = [];
  const churned: string[] = [];
  o.variants.forEach((v, k) => {
    const { name: variant, ...rules } = v;
    const rankedName = name(`ranked_${k + 1}`);
    ranked.push(rankedName);
    steps.push({
      name: rankedName,
      description: `variant ${JSON.stringify(variant)}: every scored person with their exclusion, rank and whether selected`,
      query: cohortSQL({
        dialect: o.dialect,
        scores: { table: ref(name('scores')), idColumn, scoreColumn: 'score', carry: reasonColumns },
        people: { table: ref(name('people')), idColumn: peopleId, practiceColumn: 'practice', reasonColumn: 'reason' },
        ...(o.tables.exclusions !== undefined && lists.length > 0 ? { exclusions: { table: o.tables.exclusions, listColumn: col(o, 'exclusions', 'list'), idColumn: col(o, 'exclusions', 'id'), lists: [...lists] } } : {}),
        ...rules,
        output: 'all',
        orderBy: false,
      }),
      dependsOn: [name('scores'), name('people')],
    });
    if (previous !== undefined) {
      const prevName = name(`previous_${k + 1}`);
      steps.push({
        name: prevName,
        description: `variant ${JSON.stringify(variant)}: last month's cohort`,
        query: `SELECT v.${d.ident(col(o, 'previousCohort', 'id'))} AS ${d.ident('id')}\nFROM ${d.qualified(previous)} AS v\nWHERE v.${d.ident(col(o, 'previousCohort', 'variant'))} = ${d.string(variant)}`,
        dependsOn: [],
      });
      const churnName = name(`churn_${k + 1}`);
      churned.push(churnName);
      steps.push({
        name: churnName,
        description: `variant ${JSON.stringify(variant)}: who entered, stayed and left since last month, each leaver with the reason`,
        query: churnSQL({ dialect: o.dialect, current: { table: ref(rankedName) }, previous: { table: ref(prevName), idColumn: 'id' }, people: { table: ref(name('people')), idColumn: peopleId, reasonColumn: 'reason' }, orderBy: false }),
        dependsOn: [rankedName, prevName, name('people')],
      });
    }
  });
  const variantNames = o.variants.map((v) => v.name);
  steps.push({
    name: name('cohort'),
    description: 'every variant\'s cohort: variant, id, practice, group, score, rank and the reason contributions',
    query: union(ranked, 'variant', variantNames, `\nWHERE r.${d.ident('selected')} = 1`),
    dependsOn: ranked,
  });
  if (churned.length > 0) {
    steps.push({ name: name('churn'), description: "every variant's churn since last month: variant, status (entered, stayed, left), id, reason, detail", query: union(churned, 'variant', variantNames, ''), dependsOn: churned });
  }
  return steps;
}

/** The caller's column for one of the job's own tables (exclusions, previous cohort), default our name. */
function col(o: ParsedJobOptions, table: 'exclusions' | 'previousCohort', field: string): string {
  const m: Readonly<Record<string, string | undefined>> | undefined = o.columns[table];
  return (m !== undefined && Object.hasOwn(m, field) ? m[field] : undefined) ?? field;
}

function pickSourceColumns(o: ParsedJobOptions): NonNullable<Parameters<typeof featuresToSQL>[0]['columns']> {
  const { patients, activity, conditions, medications } = o.columns;
  return { ...(patients ? { patients } : {}), ...(activity ? { activity } : {}), ...(conditions ? { conditions } : {}), ...(medications ? { medications } : {}) };
}
