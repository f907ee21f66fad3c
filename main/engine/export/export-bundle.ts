// Trained artifacts: a checkpoint's weights in tfjs's weights-manifest layout, and an
// inference bundle for one module (generator, decoder, sampler) that a web page loads with
// tfjs: model.js (the module's layers, bundled; tf comes from the page), weights.json/.bin,
// tf.min.js and a small index.html that draws samples.
import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import * as tf from '@tensorflow/tfjs';
import { build } from 'esbuild';
import { exportInference } from '../../../core/codegen/export-inference';
import { diagnostic, hasErrors, type Diagnostic } from '../../../core/diagnostics/diagnostic';
import { compileDocument } from '../../../core/graph/compile';
import { customCodeTrust, untrustedCodeDiagnostics } from '../../trust/custom-code-trust';
import { defaultTrustFile } from '../../trust/trust-file';
import { TrustStore } from '../../trust/trust-store';
import { nodeRegistry } from '../../../nodes/registry';
import { createShapeEnv } from '../data/data-provider';
import { loadCheckpoint } from '../train/checkpoint';
import { collectSources } from './collect-sources';
import { saveWeights } from './runtime/weights-io';
import { writeExportFiles } from './write-export';
import { bundlePage } from './bundle-page';

/** Checkpoint tensors as name -> tensor, names as the layers know them ('weights/' and 'state/' dropped). */
const checkpointWeights = async (
  checkpointFile: string,
  keep: (name: string) => boolean,
): Promise<Record<string, tf.Tensor>> => {
  const ckpt = await loadCheckpoint(checkpointFile);
  const out: Record<string, tf.Tensor> = {};
  for (const [key, v] of ckpt.values) {
    const name = key.startsWith('weights/')
      ? key.slice(8)
      : key.startsWith('state/')
        ? key.slice(6)
        : undefined;
    if (name !== undefined && keep(name)) out[name] = tf.tensor(v.data, v.shape, v.dtype);
  }
  return out;
};

/** Writes every trained weight of a checkpoint to outDir/weights.json + weights.bin (tfjs layout). */
export const exportWeights = async (checkpointFile: string, outDir: string): Promise<string[]> => {
  const weights = await checkpointWeights(checkpointFile, () => true);
  try {
    await saveWeights(tf, outDir, weights, { checkpoint: path.basename(checkpointFile) });
    return Object.keys(weights).sort();
  } finally {
    tf.dispose(Object.values(weights));
  }
};

export interface BundleResult {
  /** Files written, relative to the output folder. */
  files: string[];
  diagnostics: Diagnostic[];
}

/** Writes an inference bundle for module `moduleId` of `document`, with the weights of `checkpointFile`. */
export const exportInferenceBundle = async (
  document: unknown,
  checkpointFile: string,
  outDir: string,
  moduleId: string,
): Promise<BundleResult> => {
  // A bundle carries custom code verbatim, as the program does: only code trusted here.
  const untrusted = untrustedCodeDiagnostics(
    customCodeTrust(document, new TrustStore(defaultTrustFile())),
    undefined,
    'export',
  );
  if (untrusted.length > 0) return { files: [], diagnostics: untrusted };
  const compiled = compileDocument(document, nodeRegistry, createShapeEnv());
  if (!compiled.program || !compiled.document || hasErrors(compiled.diagnostics))
    return {
      files: [],
      diagnostics:
        compiled.diagnostics.length > 0
          ? compiled.diagnostics
          : [diagnostic('error', 'export', 'The project could not be compiled.')],
    };
  const first = exportInference(compiled.program, compiled.document, nodeRegistry, { moduleId });
  if (hasErrors(first.diagnostics)) return { files: [], diagnostics: first.diagnostics };
  const { sources } = collectSources(first.roots);
  const result = exportInference(compiled.program, compiled.document, nodeRegistry, {
    moduleId,
    sources,
  });
  if (hasErrors(result.diagnostics)) return { files: [], diagnostics: result.diagnostics };

  await mkdir(outDir, { recursive: true });
  const work = await mkdtemp(path.join(tmpdir(), 'tessera-bundle-'));
  try {
    await writeExportFiles(work, result.files);
    await build({
      entryPoints: [path.join(work, result.entry)],
      bundle: true,
      format: 'esm',
      platform: 'browser',
      target: 'es2020',
      outfile: path.join(outDir, 'model.js'),
      logLevel: 'silent',
      legalComments: 'none',
    });
    await writeFile(path.join(outDir, 'inference.ts'), result.files[result.entry]!);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
  const weights = await checkpointWeights(checkpointFile, (name) =>
    name.startsWith(`${moduleId}/`),
  );
  try {
    if (Object.keys(weights).length === 0)
      return {
        files: [],
        diagnostics: [
          diagnostic(
            'error',
            'export',
            `The checkpoint has no weights for module "${moduleId}"; was it trained in this project?`,
          ),
        ],
      };
    await saveWeights(tf, outDir, weights, {
      module: moduleId,
      checkpoint: path.basename(checkpointFile),
    });
  } finally {
    tf.dispose(Object.values(weights));
  }
  const require = createRequire(import.meta.url);
  await copyFile(
    path.join(path.dirname(require.resolve('@tensorflow/tfjs/package.json')), 'dist', 'tf.min.js'),
    path.join(outDir, 'tf.min.js'),
  );
  const module = compiled.program.modules[moduleId];
  await writeFile(
    path.join(outDir, 'index.html'),
    bundlePage(compiled.document.name, module?.name || moduleId),
  );
  return {
    files: ['index.html', 'inference.ts', 'model.js', 'tf.min.js', 'weights.bin', 'weights.json'],
    diagnostics: result.diagnostics,
  };
};
