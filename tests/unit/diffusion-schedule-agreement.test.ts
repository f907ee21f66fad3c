// A sampler (or the loss) whose noise schedule differs from the Diffusion Step's denoises with
// timesteps and noise levels the model never saw: the compiler refuses it at that node, naming
// both nodes, both values and the fix; matching schedules, and the shipped templates, pass.
import { describe, it, expect } from 'vitest';
import { compileDocument } from '../../core/graph/compile';
import type { TesseraDocument } from '../../core/document/document.types';
import type { ParamValues } from '../../core/node-contract/param-spec';
import { nodeRegistry } from '../../nodes/registry';
import { createShapeEnv } from '../../main/engine/data/data-provider';
import { loadTemplate } from '../../main/engine/testing/engine-fixtures';

const errorsOf = (doc: TesseraDocument) =>
  compileDocument(doc, nodeRegistry, createShapeEnv()).diagnostics.filter(
    (d) => d.severity === 'error',
  );

const withParams = (doc: TesseraDocument, nodeId: string, params: ParamValues): TesseraDocument => {
  const copy = structuredClone(doc);
  const n = copy.nodes[nodeId];
  if (!n) throw new Error(`no node ${nodeId}`);
  n.params = { ...n.params, ...params };
  return copy;
};

describe('noise schedule agreement', () => {
  it.each(['ddpm', 'latent-diffusion'])('the %s template agrees with itself', (id) => {
    expect(errorsOf(loadTemplate(id))).toEqual([]);
  });

  it('a DDIM sampler with another T is refused at the sampler, naming the Diffusion Step and the value to set', () => {
    const errors = errorsOf(withParams(loadTemplate('ddpm'), 'sampler', { steps: 500 }));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ nodeId: 'sampler', source: 'params' });
    expect(errors[0]!.message).toMatch(/steps T = 500/);
    expect(errors[0]!.message).toMatch(/\("q"\) has steps T = 1000/);
    expect(errors[0]!.message).toMatch(/set it to steps T = 1000 here/);
  });

  it('changing the Diffusion Step flags every follower, not the step', () => {
    const errors = errorsOf(withParams(loadTemplate('ddpm'), 'q', { schedule: 'cosine' }));
    const flagged = errors.map((e) => e.nodeId).sort();
    expect(flagged).toEqual(['sampler', 'sweep']);
    expect(errors[0]!.message).toMatch(/schedule = "linear"/);
    expect(errors[0]!.message).toMatch(/schedule = "cosine"/);
  });

  it('a beta that differs under the linear schedule is named; cosineS under it is not', () => {
    const doc = withParams(loadTemplate('ddpm'), 'sweep', { betaEnd: 0.01, cosineS: 0.5 });
    const errors = errorsOf(doc);
    expect(errors).toHaveLength(1);
    expect(errors[0]!.nodeId).toBe('sweep');
    expect(errors[0]!.message).toMatch(/betaEnd = 0\.01/);
    expect(errors[0]!.message).not.toMatch(/cosine/);
  });
});
