// Checks a checkpoint before a run resumes from it, so that a wrong --resume is a message naming
// the file and the fix, never a raw ENOENT or a half-restored model:
//   readCheckpointForResume — the file exists, is readable, parses, is a Tessera checkpoint, and
//     its values file is there and as long as the manifest says (no tfjs needed);
//   checkpointProgramMismatch — pure, before any backend: every tensor belongs to a node of the
//     compiled program, and each node's weights add up to the parameters the cost pass counts;
//   checkpointModelMismatch — once built: the same weight and state names and shapes.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { IRGraph, IRNode, IRProgram } from '../../../core/graph/ir';
import {
  MODULE_HANDLE,
  MODULE_INPUT,
  MODULE_INSTANCE,
  MODULE_OUTPUT,
} from '../../../core/graph/module-types';
import { CHECKPOINT_FORMAT, type CheckpointManifest, type LoadedCheckpoint } from './checkpoint';

export type ResumeCheck =
  { ok: true; checkpoint: LoadedCheckpoint } | { ok: false; message: string };

const AFRESH = 'or train without resuming to start afresh';

/** "Cannot resume from FILE: WHAT. FIX." */
export const resumeProblem = (file: string, what: string, fix: string): string =>
  `Cannot resume from ${file}: ${what}. ${fix.charAt(0).toUpperCase()}${fix.slice(1)}.`;

const errorCode = (e: unknown): string =>
  (e as { code?: unknown } | null)?.code !== undefined
    ? String((e as { code: unknown }).code)
    : e instanceof Error
      ? e.message
      : String(e);

const isEntry = (e: unknown): e is CheckpointManifest['tensors'][number] => {
  const x = e as Record<string, unknown> | null;
  return (
    typeof x?.key === 'string' &&
    Array.isArray(x.shape) &&
    x.shape.every((d) => Number.isInteger(d) && (d as number) >= 0) &&
    (x.dtype === 'float32' || x.dtype === 'int32') &&
    Number.isInteger(x.offset) &&
    Number.isInteger(x.size)
  );
};

/** What is wrong with a parsed manifest, or undefined. */
const manifestProblem = (m: Partial<CheckpointManifest>): string | undefined => {
  if (m.format !== CHECKPOINT_FORMAT)
    return `it is not a Tessera checkpoint (no "format": "${CHECKPOINT_FORMAT}")`;
  if (m.version !== 1)
    return `its checkpoint version ${String(m.version)} is not one this Tessera reads`;
  if (!Number.isInteger(m.step) || (m.step as number) < 0) return 'it has no step count';
  if (!Array.isArray(m.rngState)) return 'it has no random-generator state';
  if (typeof m.binFile !== 'string' || m.binFile === '' || m.binFile !== path.basename(m.binFile))
    return 'it names no values file';
  if (!Array.isArray(m.tensors) || !m.tensors.every(isEntry)) return 'its tensor table is damaged';
  for (const e of m.tensors) {
    const n = e.shape.reduce((a, d) => a * d, 1);
    if (n !== e.size)
      return `its entry ${e.key} has ${e.size} values for shape ${e.shape.join('x')}`;
  }
  return undefined;
};

/** Reads and verifies a checkpoint manifest and its values file. Never throws. */
export const readCheckpointForResume = async (file: string): Promise<ResumeCheck> => {
  const fail = (what: string, fix: string): ResumeCheck => ({
    ok: false,
    message: resumeProblem(file, what, fix),
  });
  const pick = `pass a checkpoint manifest (<run folder>/checkpoints/step-NNNNNN.json), ${AFRESH}`;
  if (!file.endsWith('.json'))
    return fail('a checkpoint is the .json manifest, not its .bin values file', pick);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    const code = errorCode(e);
    if (code === 'ENOENT') return fail('the file does not exist', pick);
    if (code === 'EISDIR') return fail('it is a folder', pick);
    if (code === 'EACCES' || code === 'EPERM')
      return fail(
        'the file cannot be read (permission denied)',
        `check its permissions, ${AFRESH}`,
      );
    return fail(`the file cannot be read (${code})`, pick);
  }
  let manifest: Partial<CheckpointManifest>;
  try {
    manifest = JSON.parse(text) as Partial<CheckpointManifest>;
  } catch (e) {
    return fail(
      `it is not valid JSON (${e instanceof Error ? e.message : String(e)}); it may have been cut short`,
      `resume from another checkpoint in the same folder, ${AFRESH}`,
    );
  }
  const bad = manifestProblem(manifest ?? {});
  if (bad) return fail(bad, pick);
  const m = manifest as CheckpointManifest;
  const binPath = path.join(path.dirname(file), m.binFile);
  let bin: Buffer;
  try {
    bin = await readFile(binPath);
  } catch (e) {
    return fail(
      `its values file ${m.binFile} ${errorCode(e) === 'ENOENT' ? 'is missing' : `cannot be read (${errorCode(e)})`}`,
      `keep the .json and its .bin together, resume from another checkpoint, ${AFRESH}`,
    );
  }
  const needed = m.tensors.reduce((a, e) => Math.max(a, (e.offset + e.size) * 4), 0);
  if (bin.byteLength < needed)
    return fail(
      `its values file ${m.binFile} holds ${bin.byteLength} bytes but the manifest needs ${needed}; it was cut short`,
      `resume from another checkpoint in the same folder, ${AFRESH}`,
    );
  const buf = bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength);
  const values: LoadedCheckpoint['values'] = new Map();
  for (const e of m.tensors)
    values.set(e.key, {
      shape: e.shape,
      dtype: e.dtype,
      data:
        e.dtype === 'int32'
          ? new Int32Array(buf, e.offset * 4, e.size)
          : new Float32Array(buf, e.offset * 4, e.size),
    });
  return { ok: true, checkpoint: { manifest: m, values } };
};

// ---------- the program: which node owns each stored tensor ----------

type OwnerKind = 'top' | 'shared' | 'copy' | 'ema';

interface Owner {
  /** '<set prefix><node id>/', as build-program names weight keys. */
  prefix: string;
  node: IRNode;
  kind: OwnerKind;
  /** Where the node lives, for messages: '' top level, else "module 'M'" (+ the instance). */
  where: string;
}

const calls = (type: string): boolean => type === MODULE_INSTANCE || type === MODULE_HANDLE;

/** Every node that owns weights or state in a build of `program`, as build-program lays them out. */
export const weightOwners = (program: IRProgram): Owner[] => {
  const owners: Owner[] = [];
  const sharedDone = new Set<string>();
  const walk = (kind: OwnerKind, prefix: string, graph: IRGraph, where: string): void => {
    for (const id of graph.order) {
      const node = graph.nodes[id];
      if (!node?.def || node.type === MODULE_INPUT || node.type === MODULE_OUTPUT) continue;
      if (!calls(node.type)) owners.push({ prefix: `${prefix}${id}/`, node, kind, where });
    }
    for (const id of graph.order) {
      const node = graph.nodes[id];
      if (!node || !calls(node.type)) continue;
      const moduleId = String(node.params.module ?? '');
      const mod = program.modules[moduleId];
      if (!mod) continue;
      const mode = node.type === MODULE_INSTANCE ? String(node.params.weights ?? 'copy') : 'shared';
      const inside = `module '${mod.name || moduleId}'`;
      if (mode === 'copy' || mode === 'ema')
        walk(mode, `${prefix}${id}/`, mod, `${inside} (${mode} '${node.label}')`);
      if (mode !== 'copy') shared(moduleId);
    }
  };
  const shared = (moduleId: string): void => {
    const mod = program.modules[moduleId];
    if (!mod || sharedDone.has(moduleId)) return;
    sharedDone.add(moduleId);
    walk('shared', `${moduleId}/`, mod, `module '${mod.name || moduleId}'`);
  };
  walk('top', '', program.graph, '');
  return owners;
};

const nodeName = (o: Owner): string =>
  `node '${o.node.label}' (${o.node.id})${o.where ? ` in ${o.where}` : ''}`;

const ownerOf = (owners: readonly Owner[], key: string): Owner | undefined => {
  let best: Owner | undefined;
  for (const o of owners)
    if (key.startsWith(o.prefix) && (!best || o.prefix.length > best.prefix.length)) best = o;
  return best;
};

const firstSegment = (key: string): string => key.split('/')[0] ?? key;

/**
 * The first way the checkpoint does not fit the compiled program (before any backend starts), or
 * undefined: a stored weight or state tensor of a node the project does not have, a node whose
 * stored weights do not add up to its parameter count, or a node with weights the checkpoint lacks.
 */
export const checkpointProgramMismatch = (
  manifest: CheckpointManifest,
  program: IRProgram,
): string | undefined => {
  const owners = weightOwners(program);
  const stored = new Map<Owner, number>();
  for (const e of manifest.tensors) {
    const isWeight = e.key.startsWith('weights/');
    if (!isWeight && !e.key.startsWith('state/')) continue; // optimizer slots: matched by node id on restore
    const key = e.key.slice(e.key.indexOf('/') + 1);
    const owner = ownerOf(owners, key);
    // Trained weights of EMA shadows are stored as state; 'weights/' never names a shadow.
    if (!owner || (isWeight && owner.kind === 'ema'))
      return `it holds ${isWeight ? 'weights' : 'state'} ${key} of '${firstSegment(key)}', which this project does not have`;
    if (isWeight) stored.set(owner, (stored.get(owner) ?? 0) + e.size);
  }
  for (const o of owners) {
    if (o.kind === 'ema') continue;
    const expected = o.node.cost?.params;
    const got = stored.get(o) ?? 0;
    if (typeof expected !== 'number' || expected === got) continue;
    return got === 0
      ? `it has no weights for ${nodeName(o)}, which has ${expected} parameters`
      : `${nodeName(o)} has ${expected} parameters but the checkpoint holds ${got} for it`;
  }
  return undefined;
};

/** The first weight or state whose name or shape differs between the checkpoint and the built model. */
export const checkpointModelMismatch = (
  ckpt: LoadedCheckpoint,
  model: { weights(): Map<string, { shape: number[] }>; state(): Map<string, { shape: number[] }> },
): string | undefined => {
  const expected = new Map<string, number[]>();
  for (const [k, v] of model.weights()) expected.set(`weights/${k}`, v.shape);
  for (const [k, v] of model.state()) expected.set(`state/${k}`, v.shape);
  for (const [key, shape] of expected) {
    const saved = ckpt.values.get(key);
    if (!saved) return `it lacks ${key}, which the project has (shape ${shape.join('x')})`;
    if (saved.shape.join('x') !== shape.join('x'))
      return `${key} is ${saved.shape.join('x')} in the checkpoint but ${shape.join('x')} in the project`;
  }
  for (const key of ckpt.values.keys())
    if ((key.startsWith('weights/') || key.startsWith('state/')) && !expected.has(key))
      return `it holds ${key}, which the project does not have`;
  return undefined;
};

/** The fix for a checkpoint that does not fit the project. */
export const MISMATCH_FIX = `resume with the project the checkpoint was trained from (undo the changes to its layers), ${AFRESH}`;
