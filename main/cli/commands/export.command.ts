// `tessera export` — placeholder until its owner lands it.
import type { CliCommand } from '../command';

export const exportCommand: CliCommand = {
  name: 'export',
  summary: '(not built yet)',
  usage: 'tessera export',
  run: async () => {
    process.stderr.write('tessera export is not built yet.\n');
    return 2;
  },
};
