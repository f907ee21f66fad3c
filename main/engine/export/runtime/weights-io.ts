// Weights on disk in tfjs's own weights-manifest layout (weights.json + weights.bin), so a
// web page can load them with tf.io.decodeWeights; the same files are an exported program's
// checkpoint.
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type * as tfjs from '@tensorflow/tfjs';

type TF = typeof tfjs;

export const WEIGHTS_FORMAT = 'tessera.weights';

export interface WeightsFile {
  format: typeof WEIGHTS_FORMAT;
  formatVersion: 1;
  /** Free-form: project name, step, stage, backend. */
  meta: Record<string, unknown>;
  weightsManifest: { paths: string[]; weights: tfjs.io.WeightsManifestEntry[] }[];
}

const atomicWrite = async (file: string, data: string | Uint8Array): Promise<void> => {
  const tmp = `${file}.tmp-${process.pid}`;
  await writeFile(tmp, data);
  await rename(tmp, file);
};

/** Writes `weights` (name -> tensor) into `dir` as weights.json + weights.bin. */
export const saveWeights = async (
  tf: TF,
  dir: string,
  weights: Record<string, tfjs.Tensor>,
  meta: Record<string, unknown>,
): Promise<void> => {
  await mkdir(dir, { recursive: true });
  const names = Object.keys(weights).sort();
  const { data, specs } = await tf.io.encodeWeights(
    names.map((name) => ({ name, tensor: weights[name]! })),
  );
  const manifest: WeightsFile = {
    format: WEIGHTS_FORMAT,
    formatVersion: 1,
    meta,
    weightsManifest: [{ paths: ['weights.bin'], weights: specs }],
  };
  await atomicWrite(path.join(dir, 'weights.bin'), new Uint8Array(data));
  await atomicWrite(path.join(dir, 'weights.json'), JSON.stringify(manifest, null, 1) + '\n');
};

/** Reads weights written by saveWeights: name -> tensor (the caller disposes them). */
export const loadWeights = async (
  tf: TF,
  dir: string,
): Promise<{ weights: Record<string, tfjs.Tensor>; meta: Record<string, unknown> }> => {
  const manifest = JSON.parse(
    await readFile(path.join(dir, 'weights.json'), 'utf8'),
  ) as WeightsFile;
  if (manifest.format !== WEIGHTS_FORMAT)
    throw new Error(`${dir}/weights.json is not a Tessera weights file.`);
  const specs = manifest.weightsManifest.flatMap((g) => g.weights);
  const buffers = await Promise.all(
    manifest.weightsManifest.flatMap((g) => g.paths).map((p) => readFile(path.join(dir, p))),
  );
  const joined = Buffer.concat(buffers);
  const ab = joined.buffer.slice(
    joined.byteOffset,
    joined.byteOffset + joined.byteLength,
  ) as ArrayBuffer;
  return {
    weights: tf.io.decodeWeights(ab, specs) as Record<string, tfjs.Tensor>,
    meta: manifest.meta,
  };
};
