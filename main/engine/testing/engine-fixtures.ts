// Test fixtures for the engine: the VQ-VAE template shrunk to run in seconds, compiled and built.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TesseraDocument } from '../../../core/document/document.types';
import { compileDocument } from '../../../core/graph/compile';
import type { TF } from '../../../core/node-contract/node-definition';
import { nodeRegistry } from '../../../nodes/registry';
import { buildProgram, type BuiltProgram } from '../build/build-program';
import { createDataProvider, createShapeEnv } from '../data/data-provider';

const here = path.dirname(fileURLToPath(import.meta.url));

export const loadTemplate = (name: string): TesseraDocument =>
  JSON.parse(
    readFileSync(path.join(here, '..', '..', '..', 'templates', `${name}.json`), 'utf8'),
  ) as TesseraDocument;

/** The VQ-VAE template with small widths and batch, for fast tests. */
export const smallVqVae = (
  over: {
    batchSize?: number;
    steps?: number;
    widths?: number[];
    codebookSize?: number;
    lr?: number;
  } = {},
): TesseraDocument => {
  const doc = loadTemplate('vq-vae');
  const widths = over.widths ?? [8, 16];
  doc.nodes.encoder!.params = { ...doc.nodes.encoder!.params, widths, outChannels: 4 };
  doc.nodes.decoder!.params = { ...doc.nodes.decoder!.params, widths: [...widths].reverse() };
  doc.nodes.vq!.params = { ...doc.nodes.vq!.params, codebookSize: over.codebookSize ?? 16 };
  if (over.lr !== undefined) doc.nodes.adam!.params = { ...doc.nodes.adam!.params, lr: over.lr };
  doc.training.batchSize = over.batchSize ?? 8;
  doc.training.stages[0]!.steps = over.steps ?? 20;
  doc.training.checkpointEvery = 0;
  return doc;
};

export const compileAndBuild = async (tf: TF, doc: TesseraDocument): Promise<BuiltProgram> => {
  const r = compileDocument(doc, nodeRegistry, createShapeEnv());
  const errors = r.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0 || !r.program)
    throw new Error(`fixture does not compile: ${JSON.stringify(errors)}`);
  return buildProgram(tf, r.program, { data: createDataProvider(), seed: doc.training.seed });
};
