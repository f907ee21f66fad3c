// `tessera web` — placeholder until its owner lands it.
import type { CliCommand } from '../command';

export const webCommand: CliCommand = {
  name: 'web',
  summary: '(not built yet)',
  usage: 'tessera web',
  run: async () => {
    process.stderr.write('tessera web is not built yet.\n');
    return 2;
  },
};
