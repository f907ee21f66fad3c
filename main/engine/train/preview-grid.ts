// How a diffusion preview lays out its images, read from the graph rather than stored in the
// document (so it follows the params as they are edited): a denoising strip is R rows (samples)
// by K columns (steps, noise first), a guidance sweep R rows (conditions) by one column per
// guidance scale, and samples drawn for P prompts one row per prompt. The source may be the
// sampler itself or a few nodes downstream of it (latents divided by the scale factor, then
// decoded). Row labels are the prompts' texts when a Prompts node feeds the sampler's condition.
import type { Preview } from '../../../core/document/document.types';
import type { IRGraph, IRNode, IRProgram } from '../../../core/graph/ir';
import { ddimTimesteps } from '../../../nodes/diffusion/shared/noise-schedule-math';
import { stripIndices } from '../../../nodes/diffusion/shared/sampler-core';
import { promptRows, type PromptsParams } from '../../../nodes/text/prompts/prompts.params';

export interface PreviewGrid {
  rows: number;
  columns: number;
  /** Image i of the source goes to tile order[i]'s place: tile t shows image order[t]. */
  order: number[];
  rowLabels?: string[];
  columnLabels?: string[];
}

const DDIM = 'diffusion/ddim-sampler';
const DDPM = 'diffusion/ddpm-sampler';
const SWEEP = 'diffusion/guidance-sweep';
const PROMPTS = 'text/prompts';

/** The nearest node upstream of `from` (itself included) that `pick` accepts, and the port it gives. */
const findUpstream = (
  graph: IRGraph,
  from: { node: string; port: string },
  pick: (n: IRNode) => boolean,
  depth = 6,
): { node: IRNode; port: string } | undefined => {
  let frontier = [from];
  for (let d = 0; d <= depth && frontier.length > 0; d++) {
    const next: { node: string; port: string }[] = [];
    for (const ref of frontier) {
      const node = graph.nodes[ref.node];
      if (!node) continue;
      if (pick(node)) return { node, port: ref.port };
      next.push(...Object.values(node.inputs));
    }
    frontier = next;
  }
  return undefined;
};

const num = (v: unknown, fallback: number): number =>
  typeof v === 'number' && Number.isFinite(v) ? v : fallback;

/** Texts of the rows of the sampler's condition, when it comes from a Prompts node. */
const conditionTexts = (graph: IRGraph, sampler: IRNode): string[] | undefined => {
  const ref = sampler.inputs.condition;
  if (!ref) return undefined;
  const prompts = findUpstream(graph, ref, (n) => n.type === PROMPTS);
  if (!prompts) return undefined;
  const rows = promptRows(prompts.node.params as unknown as PromptsParams);
  return rows.length > 0 ? rows : undefined;
};

/** The number of rows of the sampler's condition, when known. */
const conditionRows = (sampler: IRNode): number | undefined => {
  const t = sampler.inputTypes.condition;
  const b = t && t.kind === 'tensor' ? t.shape[0] : undefined;
  return typeof b === 'number' ? b : undefined;
};

const identity = (n: number): number[] => Array.from({ length: n }, (_, i) => i);

/** Labels of the strip's columns: the timestep of each frame, noise first and x0 last. */
const stripColumnLabels = (sampler: IRNode, frames: number[]): string[] => {
  const p = sampler.params;
  const steps = num(p.steps, 1000);
  const taus =
    sampler.type === DDIM
      ? ddimTimesteps(steps, num(p.samplingSteps, 50))
      : identity(steps).reverse();
  const updates = taus.length;
  return frames.map((j) => (j === 0 ? 'noise' : j >= updates ? 'x0' : `t = ${taus[j]}`));
};

export const previewGrid = (program: IRProgram, preview: Preview): PreviewGrid | undefined => {
  const source = preview.sources[0];
  if (!source) return undefined;
  const graph = program.graph;
  const isSampler = (n: IRNode): boolean => n.type === DDIM || n.type === DDPM || n.type === SWEEP;
  const found = findUpstream(graph, source, isSampler);
  if (!found) return undefined;
  const { node: sampler, port } = found;
  const texts = conditionTexts(graph, sampler);
  const label = (r: number): string | undefined => (texts ? texts[r % texts.length] : undefined);
  const labels = (rows: number): string[] | undefined =>
    texts ? identity(rows).map((r) => label(r) ?? '') : undefined;
  const p = sampler.params;

  if (preview.kind === 'guidance-sweep' && sampler.type === SWEEP) {
    const scales = Array.isArray(p.scales) ? (p.scales as number[]) : [];
    const rows = num(p.rows, 1);
    return {
      rows,
      columns: scales.length,
      order: identity(rows * scales.length),
      rowLabels: labels(rows),
      columnLabels: scales.map((w) => `w = ${w}`),
    };
  }
  if (preview.kind === 'denoising-strip' && port === 'strip' && sampler.type !== SWEEP) {
    const steps = num(p.steps, 1000);
    const updates =
      sampler.type === DDIM ? Math.min(num(p.samplingSteps, 50), steps) : Math.max(1, steps);
    const frames = stripIndices(updates, num(p.stripFrames, 8));
    const rows = num(p.stripRows, 1);
    return {
      rows,
      columns: frames.length,
      order: identity(rows * frames.length),
      rowLabels: labels(rows),
      columnLabels: stripColumnLabels(sampler, frames),
    };
  }
  if (preview.kind === 'samples' && port === 'samples' && sampler.type !== SWEEP) {
    // Sample i has condition row i mod P: one preview row per condition row.
    const n = num(p.count, 0);
    const prompts = conditionRows(sampler);
    if (prompts === undefined || prompts < 2 || prompts >= n || n % prompts !== 0) return undefined;
    const columns = n / prompts;
    return {
      rows: prompts,
      columns,
      order: identity(n).map((t) => (t % columns) * prompts + Math.floor(t / columns)),
      rowLabels: labels(prompts),
    };
  }
  return undefined;
};
