/**
 * The registry of subcommands, in the order of the data flow. Each command lives in its own
 * file under `src/cli/` and is declared with `defineCommand`.
 */
import type { Command } from './define-command.js';
import { demoCommand } from './demo.js';
import { validateCommand } from './validate.js';

export type { Command } from './define-command.js';

/** Subcommands by name. */
export const commands: Record<string, Command> = {
  demo: demoCommand,
  validate: validateCommand,
};
