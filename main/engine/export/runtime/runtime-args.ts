// Command-line options of an exported program.

export interface RuntimeArgs {
  /** Stop after this many steps in total (all stages); undefined runs every stage to the end. */
  steps?: number;
  /** Where checkpoints and the loss log go. */
  out: string;
  backend: 'auto' | 'tensorflow' | 'wasm' | 'cpu';
  /** A checkpoint folder to start from. */
  resume?: string;
  /** Print nothing per step (the loss log is still written). */
  quiet: boolean;
}

const BACKENDS = ['auto', 'tensorflow', 'wasm', 'cpu'] as const;

export const parseRuntimeArgs = (argv: readonly string[], defaultOut: string): RuntimeArgs => {
  const args: RuntimeArgs = { out: defaultOut, backend: 'auto', quiet: false };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${flag} needs a value.`);
      return v;
    };
    switch (flag) {
      case '--steps': {
        const n = Number(value());
        if (!Number.isInteger(n) || n < 0) throw new Error('--steps takes a whole number >= 0.');
        args.steps = n;
        break;
      }
      case '--out':
        args.out = value();
        break;
      case '--backend': {
        const b = value();
        if (!(BACKENDS as readonly string[]).includes(b))
          throw new Error(`--backend takes one of ${BACKENDS.join(', ')}.`);
        args.backend = b as RuntimeArgs['backend'];
        break;
      }
      case '--resume':
        args.resume = value();
        break;
      case '--quiet':
        args.quiet = true;
        break;
      default:
        throw new Error(
          `Unknown option ${flag}. Options: --steps N, --out DIR, --backend ${BACKENDS.join('|')}, --resume DIR, --quiet.`,
        );
    }
  }
  return args;
};
