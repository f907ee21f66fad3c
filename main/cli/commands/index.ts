// The CLI's subcommands, each in its own file.
import type { CliCommand } from '../command';
import { validateCommand } from './validate.command';
import { trainCommand } from './train.command';
import { exportCommand } from './export.command';
import { webCommand } from './web.command';
import { startCommand } from './start.command';
import { nodesCommand } from './nodes.command';
import { trustCommand } from './trust.command';

export const cliCommands: readonly CliCommand[] = [
  validateCommand,
  trainCommand,
  exportCommand,
  webCommand,
  startCommand,
  nodesCommand,
  trustCommand,
];
