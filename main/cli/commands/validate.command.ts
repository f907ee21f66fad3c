// `tessera validate` — placeholder until its owner lands it.
import type { CliCommand } from '../command';

export const validateCommand: CliCommand = {
  name: 'validate',
  summary: '(not built yet)',
  usage: 'tessera validate',
  run: async () => {
    process.stderr.write('tessera validate is not built yet.\n');
    return 2;
  },
};
