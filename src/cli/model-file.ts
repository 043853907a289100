import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { isRiskStratifyError } from '../core/errors.js';
import { loadRiskModel, type RiskModel } from '../model/index.js';
import type { CommandContext, OptionSpec } from './define-command.js';
import { CliError, UsageError } from './errors.js';
import { warningLines } from './warning-lines.js';

/** The `--model FILE` flag. */
export const MODEL_OPTION: Record<string, OptionSpec> = {
  model: { type: 'string', arg: 'FILE', help: "a model written by 'risk-stratify fit': its --out folder or internal/model.json in it; or the config's model" },
};

/**
 * Reads and validates the model named by `--model` (or the config's `model`), and says on
 * stderr what the model itself warns of (e.g. fitted on too few events per parameter).
 */
export function readModel(ctx: CommandContext): RiskModel {
  const flag = ctx.string('model');
  let path = flag !== undefined ? ctx.path(flag) : ctx.config.model;
  if (path === undefined) throw new UsageError("no model: give --model FILE (written by 'risk-stratify fit') or \"model\" in --config");
  // The output folder of `fit`: its model is internal/model.json (model.json in older folders).
  if (existsSync(path) && statSync(path).isDirectory()) path = [join(path, 'internal', 'model.json'), join(path, 'model.json')].find((p) => existsSync(p)) ?? join(path, 'internal', 'model.json');
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new CliError(`cannot read model ${path}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
  let model: RiskModel;
  try {
    model = loadRiskModel(text);
  } catch (e) {
    if (isRiskStratifyError(e)) throw new CliError(`${path}: ${e.message}`);
    throw e;
  }
  for (const line of warningLines(model.warnings, `the model (${path}): `)) ctx.log(line);
  return model;
}

/** `--as-of` (or the config's `asOf`), required. */
export function requireAsOf(ctx: CommandContext): number {
  if (ctx.common.asOf === undefined) throw new UsageError('give --as-of DATE (or "asOf" in --config)');
  return ctx.common.asOf;
}

/** Rows of `rows` whose person has not opted out (for per-person exports). */
export function notOptedOut(optedOut: Uint8Array, rows: ArrayLike<number>): number[] {
  const keep: number[] = [];
  for (let r = 0; r < rows.length; r++) if (!optedOut[rows[r]!]) keep.push(r);
  return keep;
}
