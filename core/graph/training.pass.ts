// training pass: stages and objectives name existing optimizer nodes (role 'optimizer'),
// `updates` and `frozen` name existing nodes or modules; batch size, seed, steps, every, from,
// clipping and intervals lie in the ranges of core/document/field-bounds.ts (the schema refuses a
// file out of range; this catches edits); the loss feeding an optimizer is a scalar; previews
// show existing output ports.
import { diagnostic, type Diagnostic } from '../diagnostics/diagnostic';
import { formatValueType } from '../shapes/tensor-type';
import type { IRNode } from './ir';
import { nodeDiagnostic, own, type CompilerPass, type PassContext } from './pass-context';
import { findPort, portNames } from './ports';
import { frozenSourceProblems } from './frozen-sources';
import { UPDATES_ALL } from '../document/document.types';
import {
  boundProblem,
  objectiveBounds,
  previewBounds,
  rangeText,
  stageBounds,
  trainingBounds,
  type NumberBound,
} from '../document/field-bounds';

const SOURCE = 'training';
const LOSS_PORT = 'loss';

const fits = (b: NumberBound, v: unknown): boolean => boundProblem('', b, v) === undefined;

export const trainingPass = (ctx: PassContext): Diagnostic[] => {
  const out: Diagnostic[] = [];
  const { program, doc } = ctx;
  const nodes = program.graph.nodes;
  const t = doc.training;
  const err = (path: string, message: string, nodeId?: string): void => {
    out.push(
      diagnostic('error', SOURCE, message, { path, ...(nodeId !== undefined ? { nodeId } : {}) }),
    );
  };
  if (!fits(trainingBounds.batchSize, t.batchSize))
    err(
      '/training/batchSize',
      `Batch size is ${t.batchSize}; set it to ${rangeText(trainingBounds.batchSize)} (32 is a good start).`,
    );
  if (!fits(trainingBounds.seed, t.seed))
    err(
      '/training/seed',
      `Seed is ${t.seed}; set it to ${rangeText(trainingBounds.seed)}, such as 0.`,
    );
  if (!fits(trainingBounds.checkpointEvery, t.checkpointEvery))
    err(
      '/training/checkpointEvery',
      `Checkpoint interval is ${t.checkpointEvery}; set it to ${rangeText(trainingBounds.checkpointEvery)} of steps (0 saves only at the end).`,
    );

  const optimizers: IRNode[] = Object.values(nodes).filter((n) => n.def?.role === 'optimizer');
  const optimizerNames =
    optimizers.length === 0
      ? 'there is none: add an optimizer node fed by a loss'
      : `choose one of ${optimizers.map((n) => `${n.label} ("${n.id}")`).join(', ')}`;
  const known = (id: string): boolean =>
    own(nodes, id) !== undefined || own(program.modules, id) !== undefined;

  t.stages.forEach((stage, si) => {
    const sp = `/training/stages/${si}`;
    const sname = stage.name || stage.id;
    if (!fits(stageBounds.steps, stage.steps))
      err(
        `${sp}/steps`,
        `Stage ${sname} runs ${stage.steps} steps; set steps to ${rangeText(stageBounds.steps)}.`,
      );
    if (stage.objectives.length === 0)
      out.push(
        diagnostic(
          'warning',
          SOURCE,
          `Stage ${sname} has no objectives, so it trains nothing; add one (an optimizer and what it updates).`,
          { path: sp },
        ),
      );
    (stage.frozen ?? []).forEach((id, fi) => {
      if (!known(id))
        err(
          `${sp}/frozen/${fi}`,
          `Stage ${sname} freezes "${id}", which is no node or module; remove it from the frozen list.`,
        );
    });
    stage.objectives.forEach((o, oi) => {
      const op = `${sp}/objectives/${oi}`;
      const oname = o.name || o.id;
      const opt = own(nodes, o.optimizer);
      if (!opt)
        err(
          `${op}/optimizer`,
          `Objective ${oname} in stage ${sname} uses optimizer "${o.optimizer}", which does not exist; ${optimizerNames}.`,
        );
      else if (opt.def && opt.def.role !== 'optimizer')
        err(
          `${op}/optimizer`,
          `Objective ${oname} in stage ${sname} uses ${opt.label} as its optimizer, but ${opt.def.title} is not an optimizer; ${optimizerNames}.`,
          opt.id,
        );
      if (o.updates.length === 0)
        err(
          `${op}/updates`,
          `Objective ${oname} in stage ${sname} updates nothing; list the nodes or modules it trains.`,
        );
      o.updates.forEach((id, ui) => {
        if (id !== UPDATES_ALL && !known(id))
          err(
            `${op}/updates/${ui}`,
            `Objective ${oname} in stage ${sname} updates "${id}", which is no node or module; remove it or pick an existing one.`,
          );
      });
      if (!fits(objectiveBounds.every, o.every))
        err(
          `${op}/every`,
          `Objective ${oname} runs every ${o.every} steps; set every to ${rangeText(objectiveBounds.every)}.`,
        );
      if (!fits(objectiveBounds.from, o.from))
        err(
          `${op}/from`,
          `Objective ${oname} starts at step ${o.from}; set from to ${rangeText(objectiveBounds.from)}.`,
        );
      if (!fits(objectiveBounds.clipGradNorm, o.clipGradNorm))
        err(
          `${op}/clipGradNorm`,
          `Objective ${oname} clips gradients at ${o.clipGradNorm}; set clipGradNorm to 0 (off) or ${rangeText(objectiveBounds.clipGradNorm)}.`,
        );
    });
  });

  out.push(...frozenSourceProblems(program, t.stages));

  // The loss feeding an optimizer must be a scalar.
  for (const opt of optimizers) {
    if (opt.shapeStatus === 'error') continue; // already reported at this node
    const ref = own(opt.inputs, LOSS_PORT);
    const lt = own(opt.inputTypes, LOSS_PORT);
    if (!ref || !lt) continue;
    const producer = nodes[ref.node];
    if (lt.kind === 'tensor' && lt.shape.length === 0) continue;
    out.push(
      nodeDiagnostic(
        'error',
        SOURCE,
        opt,
        `${opt.label} needs a scalar loss, but ${producer?.label ?? ref.node}.${ref.port} gives ${formatValueType(lt)}; reduce it to one number (a loss node's mean) before the optimizer.`,
        LOSS_PORT,
      ),
    );
  }

  program.previews.forEach((p) => {
    const pp = `/previews/${p.id}`;
    const title = p.title || p.id;
    if (!fits(previewBounds.every, p.every))
      err(
        `${pp}/every`,
        `Preview ${title} refreshes every ${p.every} steps; set every to ${rangeText(previewBounds.every)}.`,
      );
    p.sources.forEach((s, i) => {
      const node =
        own(nodes, s.node) ??
        Object.values(program.modules)
          .map((m) => own(m.nodes, s.node))
          .find((n) => n !== undefined);
      if (!node) {
        err(
          `${pp}/sources/${i}`,
          `Preview ${title} shows node "${s.node}", which does not exist; pick another output or delete the preview.`,
        );
        return;
      }
      if (!node.def || !node.ports) return; // unknown type, reported already
      if (!findPort(node.ports.outputs, s.port))
        err(
          `${pp}/sources/${i}`,
          `Preview ${title} shows output "${s.port}" of ${node.label}, which has no such output (its outputs: ${portNames(node.ports.outputs)}); pick one of those.`,
          node.id,
        );
    });
  });
  return out;
};

export const training: CompilerPass = {
  name: 'training',
  requires: ['structure', 'shapes'],
  run: trainingPass,
};
