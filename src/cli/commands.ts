/** One entry per subcommand; each lives in its own file under src/cli/. */
export interface Command {
  summary: string;
  run(args: string[]): Promise<number>;
}

export const commands: Record<string, Command> = {};
