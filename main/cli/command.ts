// One CLI subcommand: `tessera <name> ...args`.
export interface CliCommand {
  name: string;
  /** One line for `tessera --help`. */
  summary: string;
  /** Usage text for `tessera <name> --help`. */
  usage: string;
  /** Returns the process exit code. */
  run(args: string[]): Promise<number>;
}
