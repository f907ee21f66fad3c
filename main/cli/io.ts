// Where the CLI writes; tests swap it to capture output.
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  /** Whether stdout is a terminal (progress bars redraw in place). */
  tty: boolean;
}

const processIo: CliIo = {
  out: (t) => void process.stdout.write(t),
  err: (t) => void process.stderr.write(t),
  tty: Boolean(process.stdout.isTTY),
};

export let io: CliIo = processIo;

export const setIo = (next: CliIo | undefined): void => {
  io = next ?? processIo;
};

export const captureIo = (): CliIo & { stdout: string[]; stderr: string[] } => {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return {
    stdout,
    stderr,
    out: (t) => void stdout.push(t),
    err: (t) => void stderr.push(t),
    tty: false,
  };
};
