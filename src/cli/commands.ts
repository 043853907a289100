/**
 * The registry of subcommands, in the order of the data flow. Each command lives in its own
 * file under `src/cli/` and is declared with `defineCommand`.
 */
import type { Command } from './define-command.js';
import { demoCommand } from './demo.js';
import { validateCommand } from './validate.js';
import { featuresCommand } from './features.js';
import { segmentCommand } from './segment.js';
import { fitCommand } from './fit.js';
import { scoreCommand } from './score.js';
import { cohortCommand } from './cohort.js';
import { refreshCommand } from './refresh.js';
import { evaluateCommand } from './evaluate.js';
import { reportCommand } from './report.js';
import { compareCommand } from './compare.js';
import { monitorCommand } from './monitor.js';
import { sqlCommand } from './sql.js';

export type { Command } from './define-command.js';

/** Subcommands by name. */
export const commands: Record<string, Command> = {
  validate: validateCommand,
  features: featuresCommand,
  segment: segmentCommand,
  fit: fitCommand,
  score: scoreCommand,
  cohort: cohortCommand,
  refresh: refreshCommand,
  evaluate: evaluateCommand,
  compare: compareCommand,
  monitor: monitorCommand,
  report: reportCommand,
  sql: sqlCommand,
  demo: demoCommand,
};
