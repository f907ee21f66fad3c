// `tessera <command> ...`: dispatches to the subcommands of main/cli/commands.
import type { CliCommand } from './command';
import { cliCommands } from './commands';
import { io } from './io';

const help = (commands: readonly CliCommand[]): string =>
  [
    'Usage: tessera <command> [options]',
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.name.padEnd(10)} ${c.summary}`),
    '',
    "Run `tessera <command> --help` for a command's options.",
    '',
  ].join('\n');

export const main = async (
  argv: readonly string[],
  commands: readonly CliCommand[] = cliCommands,
): Promise<number> => {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.out(help(commands));
    return name === undefined ? 1 : 0;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    io.err(`Unknown command "${name}".\n\n${help(commands)}`);
    return 1;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.out(`${command.usage.trimEnd()}\n`);
    return 0;
  }
  try {
    return await command.run(rest);
  } catch (e) {
    io.err(`tessera ${name} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    return 2;
  }
};
