// `tessera train` — placeholder until its owner lands it.
import type { CliCommand } from '../command';

export const trainCommand: CliCommand = {
  name: 'train',
  summary: '(not built yet)',
  usage: 'tessera train',
  run: async () => {
    process.stderr.write('tessera train is not built yet.\n');
    return 2;
  },
};
