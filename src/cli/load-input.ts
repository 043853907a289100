import { parseDate } from '../core/dates.js';
import { isRiskStratifyError } from '../core/errors.js';
import { fromSynthea, loadPopulationFromFiles, readCodeLists } from '../node/index.js';
import type { LoadPopulationResult } from '../data/index.js';
import type { CommandContext, OptionSpec } from './define-command.js';
import { CliError, UsageError } from './errors.js';

/** The flags of every command that reads a site's extract. */
export const INPUT_OPTIONS: Record<string, OptionSpec> = {
  patients: { type: 'string', arg: 'FILE', help: 'patients CSV, .parquet or .arrow (id or nhs_pseudo_id, practice_code, dob, gender, national_opt_out, ...; columns found by their usual names)' },
  activity: { type: 'string', arg: 'FILE', help: 'hospital and GP activity CSV, .parquet or .arrow (nhs_pseudo_id, admidate, pod, admimeth, diag_01, ...)' },
  conditions: { type: 'string', arg: 'FILE', help: 'long-term conditions CSV, .parquet or .arrow (patientId, code, date, resolvedDate)' },
  medications: { type: 'string', arg: 'FILE', help: 'medication issues CSV, .parquet or .arrow (patientId, code, date, endDate)' },
  synthea: { type: 'string', arg: 'DIR', help: 'a Synthea CSV export folder instead of the files above' },
  'extract-date': { type: 'string', arg: 'DATE', help: 'the date the extract was taken: later dates are rejected and no as-of date or horizon may run past it (default: rows checked against today, the window ends at the latest date in the data)' },
  'activity-from': { type: 'string', arg: 'DATE', help: "the first date from which the extract's activity is complete (default: the first month with at least half the median monthly activity of the last year)" },
  'opt-outs': { type: 'string', arg: 'HOW', help: "'removed-upstream' when opt-outs were removed from the extract before it reached you; otherwise the patients file must have an opt-out column (national_opt_out, type_1_opt_out, ...)" },
  encoding: { type: 'string', arg: 'ENC', help: "how the CSV files are encoded: utf-8 (default; a row with bytes that are not valid UTF-8 is rejected as invalid_encoding), latin1 or windows-1252" },
  ignore: { type: 'string', arg: 'COLS', help: 'columns you know are not needed (comma-separated, any file): reported as ignored instead of unrecognised' },
  'synthea-single-practice': { type: 'boolean', help: 'with --synthea: everyone in one practice (Synthea has no GP practices; its organisations give groups too small for a top 2%)' },
  'synthea-practice-code': { type: 'string', arg: 'CODE', help: 'with --synthea-single-practice: the practice code (default SYNTHEA)' },
};

/** The extract named by flags (or the config's `inputs`), loaded and validated. */
export interface LoadedInput extends LoadPopulationResult {
  /** What was read, for messages: file paths or the Synthea folder. */
  readonly from: string;
}

/**
 * Loads the population a command works on: `--synthea DIR`, or `--patients` (+ `--activity`,
 * `--conditions`, `--medications`), falling back to the config file's `inputs`. Rejected rows
 * are returned, never thrown; a file that cannot be read is one error naming it; a patients
 * file without an opt-out column is refused (exit 1) unless `--opt-outs removed-upstream`
 * (or `inputs.optOuts`). The load's warnings (unrecognised columns, opt-outs removed
 * upstream, unknown condition codes, ...) go to stderr unless `logWarnings` is false (the
 * `validate` command prints them in its report).
 */
export async function loadInput(ctx: CommandContext, { logWarnings = true }: { logWarnings?: boolean } = {}): Promise<LoadedInput> {
  const input = await load(ctx);
  if (logWarnings) for (const w of input.warnings) ctx.log(`warning: ${w.message}`);
  return input;
}

async function load(ctx: CommandContext): Promise<LoadedInput> {
  const cfg = ctx.config.inputs;
  const flag = (name: string, fromConfig: string | undefined): string | undefined => {
    const v = ctx.string(name);
    return v !== undefined ? ctx.path(v) : fromConfig;
  };
  const synthea = flag('synthea', cfg.synthea);
  const patients = flag('patients', cfg.patients);
  let referenceDate = ctx.date('extract-date');
  if (referenceDate === undefined && cfg.extractDate !== undefined) {
    referenceDate = parseDate(cfg.extractDate);
    if (referenceDate === undefined) throw new UsageError(`inputs.extractDate in the config must be a date; got ${JSON.stringify(cfg.extractDate)}`);
  }
  let activityFrom = ctx.date('activity-from');
  if (activityFrom === undefined && cfg.activityFrom !== undefined) {
    activityFrom = parseDate(cfg.activityFrom);
    if (activityFrom === undefined) throw new UsageError(`inputs.activityFrom in the config must be a date; got ${JSON.stringify(cfg.activityFrom)}`);
  }
  const window = { ...(referenceDate !== undefined ? { referenceDate } : {}), ...(activityFrom !== undefined ? { activityFrom } : {}) };
  const optOutsFlag = ctx.string('opt-outs');
  if (optOutsFlag !== undefined && optOutsFlag !== 'removed-upstream') {
    throw new UsageError(`--opt-outs takes one value, 'removed-upstream' (said only when opt-outs were removed from the extract before it reached you); got ${JSON.stringify(optOutsFlag)}`);
  }
  const optOuts = optOutsFlag ?? cfg.optOuts;
  const encodingFlag = ctx.string('encoding');
  if (encodingFlag !== undefined && !['utf-8', 'latin1', 'windows-1252'].includes(encodingFlag)) {
    throw new UsageError(`--encoding takes utf-8, latin1 or windows-1252; got ${JSON.stringify(encodingFlag)}`);
  }
  const encoding = (encodingFlag as 'utf-8' | 'latin1' | 'windows-1252' | undefined) ?? cfg.encoding;
  const ignoreFlag = ctx.string('ignore');
  const ignore = ignoreFlag !== undefined ? ignoreFlag.split(',').map((c) => c.trim()).filter((c) => c !== '') : cfg.ignore;
  const single = ctx.values['synthea-single-practice'] === true || ctx.string('synthea-practice-code') !== undefined;
  const syntheaPractice = single ? 'single' : cfg.syntheaPractice;
  const practiceCode = ctx.string('synthea-practice-code') ?? cfg.syntheaPracticeCode;
  if (synthea === undefined && single) {
    throw new UsageError('--synthea-single-practice and --synthea-practice-code go with --synthea DIR');
  }
  const bar = ctx.progress('loading');
  try {
    if (synthea !== undefined) {
      const r = await fromSynthea(synthea, {
        onProgress: bar, ...window,
        ...(syntheaPractice !== undefined ? { practice: syntheaPractice } : {}), ...(practiceCode !== undefined ? { practiceCode } : {}),
      });
      return { ...r, from: synthea };
    }
    if (patients === undefined) {
      throw new UsageError('no input: give --patients FILE (with --activity, --conditions), --synthea DIR, or --config with inputs');
    }
    const activity = flag('activity', cfg.activity);
    const conditions = flag('conditions', cfg.conditions);
    const medications = flag('medications', cfg.medications);
    const r = await loadPopulationFromFiles(
      { patients, ...(activity ? { activity } : {}), ...(conditions ? { conditions } : {}), ...(medications ? { medications } : {}) },
      {
        onProgress: bar,
        ...window,
        ...(cfg.columns ? { columns: cfg.columns } : {}),
        ...(cfg.delimiter ? { delimiter: cfg.delimiter } : {}),
        ...(ignore !== undefined ? { ignore } : {}),
        ...(optOuts !== undefined ? { optOuts } : {}),
        ...(cfg.conditionCodes !== undefined ? { conditionCodes: cfg.conditionCodes } : {}),
        ...(cfg.codeLists !== undefined ? { codeLists: await readCodeLists(cfg.codeLists) } : {}),
        ...(cfg.hospitalConditions !== undefined ? { hospitalConditions: cfg.hospitalConditions } : {}),
        ...(encoding !== undefined ? { encoding } : {}),
        ...(cfg.maxBedDays !== undefined ? { maxBedDays: cfg.maxBedDays } : {}),
        ...(cfg.maxCost !== undefined ? { maxCost: cfg.maxCost } : {}),
      },
    ).catch((e: unknown) => {
      if (!isRiskStratifyError(e) || e.code !== 'missing_opt_out') throw e;
      const seen = (e.details?.['columns'] as string[] | undefined) ?? [];
      throw new CliError(
        `${patients} has no opt-out column, so no one can tell who opted out of their data being used; nothing was loaded. ` +
        `Columns seen: ${seen.join(', ')}. Name the opt-out column in the config (inputs.columns.patients.optedOut; ` +
        'national_opt_out, type_1_opt_out, ndoo, opt_out_flag ... are found by name), or, if opt-outs were removed from the extract ' +
        'before it reached you, say so with --opt-outs removed-upstream (or inputs.optOuts in the config)');
    });
    return { ...r, from: [patients, activity, conditions, medications].filter(Boolean).join(', ') };
  } finally {
    bar.end();
  }
}
