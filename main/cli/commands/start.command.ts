// `tessera start` — placeholder until its owner lands it.
import type { CliCommand } from '../command';

export const startCommand: CliCommand = {
  name: 'start',
  summary: '(not built yet)',
  usage: 'tessera start',
  run: async () => {
    process.stderr.write('tessera start is not built yet.\n');
    return 2;
  },
};
