// The save-kill test's child: saves two versions of one project file alternately, in a loop,
// through the app's save code (saveTextAtomic), until its parent kills it. Protocol on stdout,
// one line each, written synchronously (a pipe): 'ready' once loaded, then 'start <n>' before and
// 'done <n>' after every save. It starts when its parent writes 'go <first>' to stdin: save n
// writes version (first + n) % 2.
// Usage: node save-loop-child.mjs <project file> <version 0 file> <version 1 file>
import { readFileSync } from 'node:fs';
import { saveTextAtomic } from '../atomic-save';

const [file, ...versionFiles] = process.argv.slice(2);
if (!file || versionFiles.length !== 2) {
  process.stderr.write('usage: save-loop-child <project file> <version 0> <version 1>\n');
  process.exit(2);
}
const texts = versionFiles.map((f) => readFileSync(f, 'utf8'));

const loop = async (first: number): Promise<void> => {
  for (let n = 0; ; n++) {
    process.stdout.write(`start ${n}\n`);
    await saveTextAtomic(file, texts[(first + n) % 2]!);
    process.stdout.write(`done ${n}\n`);
  }
};

process.stdin.once('data', (line: Buffer) => {
  void loop(Number(/^go (\d)/.exec(line.toString('utf8'))?.[1] ?? 0));
});
process.stdout.write('ready\n');
