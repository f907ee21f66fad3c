// Checkpoints: a JSON manifest (step, stage, RNG state, tensor table) next to one binary file
// holding every tensor's values back to back (little-endian float32/int32).
// Keys: 'weights/<stable key>', 'state/<stable key>', 'optimizer/<node id>/<slot>'.
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Tensor } from '../../../core/node-contract/node-definition';

export const CHECKPOINT_FORMAT = 'tessera.checkpoint';

export interface CheckpointEntry {
  key: string;
  shape: number[];
  dtype: 'float32' | 'int32';
  /** Offset in elements (4 bytes each) into the .bin file. */
  offset: number;
  size: number;
}

export interface CheckpointManifest {
  format: typeof CHECKPOINT_FORMAT;
  version: 1;
  runId: string;
  documentName: string;
  /** Global steps completed. */
  step: number;
  stageIndex: number;
  rngState: number[];
  createdAt: string;
  /** Last losses, for the record. */
  losses: Record<string, number>;
  binFile: string;
  tensors: CheckpointEntry[];
}

export interface LoadedCheckpoint {
  manifest: CheckpointManifest;
  values: Map<
    string,
    { shape: number[]; dtype: 'float32' | 'int32'; data: Float32Array | Int32Array }
  >;
}

export const checkpointPath = (dir: string, step: number): string =>
  path.join(dir, `step-${String(step).padStart(6, '0')}.json`);

/** Writes manifest + values; both via a temp file and rename, so a crash never leaves half a checkpoint. */
export const saveCheckpoint = async (
  file: string,
  tensors: Map<string, Tensor>,
  meta: Omit<CheckpointManifest, 'format' | 'version' | 'binFile' | 'tensors' | 'createdAt'>,
): Promise<string> => {
  await mkdir(path.dirname(file), { recursive: true });
  const entries: CheckpointEntry[] = [];
  const chunks: Buffer[] = [];
  let offset = 0;
  for (const [key, t] of tensors) {
    const dtype = t.dtype === 'int32' ? 'int32' : 'float32';
    const data =
      dtype === 'int32'
        ? Int32Array.from(t.dataSync() as Int32Array)
        : Float32Array.from(t.dataSync() as Float32Array);
    entries.push({ key, shape: [...t.shape], dtype, offset, size: data.length });
    chunks.push(Buffer.from(data.buffer, data.byteOffset, data.byteLength));
    offset += data.length;
  }
  const binFile = path.basename(file).replace(/\.json$/, '') + '.bin';
  const manifest: CheckpointManifest = {
    format: CHECKPOINT_FORMAT,
    version: 1,
    ...meta,
    createdAt: new Date().toISOString(),
    binFile,
    tensors: entries,
  };
  const binPath = path.join(path.dirname(file), binFile);
  await writeFile(`${binPath}.tmp`, Buffer.concat(chunks));
  await rename(`${binPath}.tmp`, binPath);
  await writeFile(`${file}.tmp`, JSON.stringify(manifest, null, 1));
  await rename(`${file}.tmp`, file);
  return file;
};

export const loadCheckpoint = async (file: string): Promise<LoadedCheckpoint> => {
  const manifest = JSON.parse(await readFile(file, 'utf8')) as CheckpointManifest;
  if (manifest.format !== CHECKPOINT_FORMAT)
    throw new Error(`${file} is not a Tessera checkpoint.`);
  const bin = await readFile(path.join(path.dirname(file), manifest.binFile));
  const buf = bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength);
  const values: LoadedCheckpoint['values'] = new Map();
  for (const e of manifest.tensors) {
    const data =
      e.dtype === 'int32'
        ? new Int32Array(buf, e.offset * 4, e.size)
        : new Float32Array(buf, e.offset * 4, e.size);
    values.set(e.key, { shape: e.shape, dtype: e.dtype, data });
  }
  return { manifest, values };
};
