// Evaluation-only sampler nodes for scripts/results-diffusion.ts: a copy of a template's own
// 'sampler' node (same model handle, prompts, null condition and mask) with another sampler kind,
// step count, guidance scale or sample count, plus a copy of the chain that turns its samples into
// images (latent-diffusion: unscale -> stage-1 decoder). Nothing on a loss path reads them, so
// training is the shipped template's; the engine builds them as it builds the template's sampler.
import type { DocNode, PortRef, TesseraDocument } from '../../core/document/document.types';

export interface EvalSamplerSpec {
  /** Id suffix of the copies, e.g. 'ddim-20-w3'. */
  id: string;
  kind: 'ddpm' | 'ddim';
  /** DDIM's S (ignored for DDPM, which takes all T steps). */
  samplingSteps?: number;
  guidance: number;
  count: number;
  seed: number;
}

const SAMPLER_TYPES = { ddpm: 'diffusion/ddpm-sampler', ddim: 'diffusion/ddim-sampler' } as const;
/** Params only the DDIM sampler has. */
const DDIM_ONLY = ['samplingSteps', 'eta'];

/**
 * The nodes between the template's sampler and the port its 'samples' preview shows, in order,
 * each with the output port the next one reads (none in pixel space, where it shows the sampler).
 */
export const imageChain = (doc: TesseraDocument): { id: string; out: string }[] => {
  const shown = doc.previews.samples?.sources[0];
  if (!shown) throw new Error("results-diffusion: the template has no 'samples' preview.");
  const chain: { id: string; out: string }[] = [];
  let at: PortRef = shown;
  while (at.node !== 'sampler') {
    chain.unshift({ id: at.node, out: at.port });
    const into = Object.values(doc.edges).find((e) => e.target.node === at.node);
    if (!into || chain.length > 8)
      throw new Error(`results-diffusion: ${at.node} is not fed by the sampler.`);
    at = into.source;
  }
  return chain;
};

const copyNode = (doc: TesseraDocument, id: string, newId: string, params?: DocNode['params']) => {
  const node = doc.nodes[id];
  if (!node) throw new Error(`results-diffusion: the template has no node '${id}'.`);
  doc.nodes[newId] = { ...node, id: newId, params: { ...(params ?? node.params) } };
  for (const e of Object.values(doc.edges)) {
    if (e.target.node !== id || doc.nodes[e.source.node] === undefined) continue;
    const edge = { ...e, target: { node: newId, port: e.target.port } };
    edge.id = `${edge.source.node}.${edge.source.port}->${newId}.${e.target.port}`;
    doc.edges[edge.id] = edge;
  }
};

/**
 * Copies the template's image chain (after 'sampler'.samples) behind `source`, ids prefixed by
 * `prefix`, and returns the port holding the final images. Pixel space has no chain.
 */
const copyChain = (doc: TesseraDocument, source: PortRef, prefix: string): PortRef => {
  let prev = source;
  for (const { id, out } of imageChain(doc)) {
    const newId = `${prefix}-${id}`;
    // The chain's nodes take one input each (a scale's x, a decoder's z), fed by the node before.
    const chainPort = Object.values(doc.edges).find((e) => e.target.node === id)?.target.port;
    copyNode(doc, id, newId);
    for (const [key, e] of Object.entries(doc.edges))
      if (e.target.node === newId && e.target.port === chainPort) {
        delete doc.edges[key];
        const edgeId = `${prev.node}.${prev.port}->${newId}.${e.target.port}`;
        doc.edges[edgeId] = {
          id: edgeId,
          source: prev,
          target: { node: newId, port: e.target.port },
        };
      }
    prev = { node: newId, port: out };
  }
  return prev;
};

export interface EvalPorts {
  samples: PortRef;
  strip: PortRef;
  /** Value range of the images: a decoder ends on a sigmoid; pixel-space samples are -1..1. */
  range: '0..1' | '-1..1';
}

/** Adds a copy of the template's sampler under `eval-<spec.id>` (and its image chains). */
export const addEvalSampler = (doc: TesseraDocument, spec: EvalSamplerSpec): EvalPorts => {
  const base = doc.nodes.sampler;
  if (!base) throw new Error("results-diffusion: the template has no 'sampler' node.");
  const params: DocNode['params'] = {
    ...base.params,
    guidance: spec.guidance,
    count: spec.count,
    seed: spec.seed,
    stripRows: Math.min(spec.count, 10),
  };
  if (spec.kind === 'ddim') params.samplingSteps = spec.samplingSteps ?? 50;
  else for (const k of DDIM_ONLY) delete params[k];
  const id = `eval-${spec.id}`;
  copyNode(doc, 'sampler', id, params);
  doc.nodes[id] = { ...doc.nodes[id]!, type: SAMPLER_TYPES[spec.kind], label: `Eval ${spec.id}` };
  return {
    samples: copyChain(doc, { node: id, port: 'samples' }, id),
    strip: copyChain(doc, { node: id, port: 'strip' }, `${id}-strip`),
    range: imageChain(doc).length > 0 ? '0..1' : '-1..1',
  };
};
