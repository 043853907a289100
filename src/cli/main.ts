/**
 * The `risk-stratify` command. The only part of the package (with the examples) that
 * writes to the terminal: results to stdout, progress and errors to stderr.
 *
 * Exit codes: 0 success; 1 an error (one line on stderr naming the file, row and field where
 * there is one; `--debug` adds the stack trace); 2 a usage mistake; 3 `validate` found
 * rejected rows; 4 the command ran but its headline figure is not supported by the data
 * (see `exit-codes.ts`).
 */
import { commands } from './commands.js';
import { runCommand } from './define-command.js';
import { CliError, describeError } from './errors.js';
import { processIO, type CliIO } from './io.js';
import pkg from '../../package.json' with { type: 'json' };

/** The top-level help. */
export function usage(): string {
  return `risk-stratify <command> [options]

Population risk stratification for NHS case management.

Commands:
${Object.values(commands).map((c) => `  ${c.name.padEnd(10)} ${c.summary}`).join('\n')}

Common options: --config FILE, --as-of DATE, --seed N, --out DIR, --json, --debug, --help
Run 'risk-stratify <command> --help' for a command's options and an example.
Start with: risk-stratify demo --out risk-stratify-output
`;
}

/** Runs the command line `argv` (without `node` and the script) and returns the exit code. */
export async function main(argv: readonly string[], io: CliIO = processIO()): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout(usage());
    return name === undefined ? 2 : 0;
  }
  if (name === '--version' || name === '-v') {
    io.stdout(`${VERSION}\n`);
    return 0;
  }
  const command = commands[name];
  if (!command) {
    io.stderr(`risk-stratify: unknown command '${name}' (commands: ${Object.keys(commands).join(', ')}; see 'risk-stratify --help')\n`);
    return 2;
  }
  const debug = rest.includes('--debug');
  try {
    return await runCommand(command, rest, io);
  } catch (e) {
    io.stderr(`risk-stratify ${name}: ${describeError(e)}\n`);
    if (debug && e instanceof Error && e.stack) io.stderr(`${e.stack}\n`);
    return e instanceof CliError ? e.exitCode : 1;
  }
}

const VERSION: string = pkg.version;

const isEntry = typeof process !== 'undefined' && process.argv[1] !== undefined && /(?:^|[\\/])(?:cli\.js|risk-stratify)$/.test(process.argv[1]);
if (isEntry) {
  main(process.argv.slice(2)).then(
    (code) => { process.exitCode = code; },
    (e: unknown) => { process.stderr.write(`risk-stratify: ${describeError(e)}\n`); process.exitCode = 1; },
  );
}
