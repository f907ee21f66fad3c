// The resume check shells and runs make before any backend starts: the checkpoint file is whole
// (train/checkpoint-check.ts) and fits the project as compiled (its nodes and parameter counts).
// A project with errors is left to the run, which reports them as diagnostics.
import type { TesseraDocument } from '../../../core/document/document.types';
import { compileDocument } from '../../../core/graph/compile';
import { nodeRegistry } from '../../../nodes/registry';
import { createShapeEnv } from '../data/data-provider';
import {
  checkpointProgramMismatch,
  MISMATCH_FIX,
  readCheckpointForResume,
  resumeProblem,
  type ResumeCheck,
} from '../train/checkpoint-check';

export const checkResume = async (file: string, document: unknown): Promise<ResumeCheck> => {
  const read = await readCheckpointForResume(file);
  if (!read.ok) return read;
  const compiled = compileDocument(document as TesseraDocument, nodeRegistry, createShapeEnv());
  if (!compiled.program || compiled.diagnostics.some((d) => d.severity === 'error')) return read;
  const mismatch = checkpointProgramMismatch(read.checkpoint.manifest, compiled.program);
  return mismatch ? { ok: false, message: resumeProblem(file, mismatch, MISMATCH_FIX) } : read;
};
