import { describe, it, expect } from 'vitest';
import { createRegistry } from '../node-contract/node-definition';
import { exportProgram, safeBaseName } from './export-program';
import { fakeDefs, fakeDocument, fakeProgram, node } from './testing/fake-program';

const registry = createRegistry(Object.values(fakeDefs));

describe('exportProgram', () => {
  it('writes one class per module, a loss function per objective and the stages loop', () => {
    const r = exportProgram(fakeProgram(), fakeDocument(), registry, { baseName: 'toy' });
    const code = r.files['toy.ts']!;
    expect(r.entry).toBe('toy.ts');
    expect(r.diagnostics).toEqual([]);
    expect(code).toContain('class BlockModule {');
    expect(code).toContain('class Model {');
    expect(code).toContain('function reconstructionLoss(m: Model, ctx: ApplyContext): Tensor {');
    expect(code).toContain('function copyLoss(m: Model, ctx: ApplyContext): Tensor {');
    // Shared instance calls the shared module; the copy and the EMA copy have their own fields.
    expect(code).toContain('const enc = m.shared.block.forward({ x: out(data, "image") }, ctx);');
    expect(code).toContain(
      'dec: await BlockModule.create(rt, shared, prefix + "dec/", seedPath + "dec/"),',
    );
    // The EMA shadow is seeded like the shared module, so it starts with equal weights (as in the engine).
    expect(code).toContain('ema: await BlockModule.create(rt, shared, prefix + "ema/", "block/"),');
    expect(code).toContain('optimizer: rt.optimizerOf(m.opt1),');
    expect(code).toContain('rt.trackEma(layers.ema.layerList(), shared.block.layerList(), 0.99);');
    // Stage 2 freezes the module: its weights are taken out of the update by the runtime.
    expect(code).toContain('frozen: [...m.shared.block.layerList(), ...m.dec.layerList()],');
    expect(code).toContain(
      'layers: [...m.shared.block.layerList(), ...m.dec.layerList(), m.head],',
    );
    expect(code).toContain(
      'layers: [...m.shared.block.layerList(), ...m.dec.layerList(), m.head],',
    );
    // The paper equation is cited where the node implements it.
    expect(code).toContain('//   implements Eq. (1): y = Wx + b of Rosenblatt (1958)');
    expect(code).toContain(
      "import { createDenseLayer } from './toy.lib/nodes/fake/dense/dense.layer';",
    );
    // Only the ancestors of a loss are computed in its function.
    const copyFn = code.slice(
      code.indexOf('function copyLoss'),
      code.indexOf('// ---------- training'),
    );
    expect(copyFn).not.toContain('m.head.apply');
  });

  it('is deterministic: the same IR (in any record order) gives the same program', () => {
    const a = exportProgram(fakeProgram(), fakeDocument(), registry);
    const p = fakeProgram();
    p.graph.nodes = Object.fromEntries(Object.entries(p.graph.nodes).reverse());
    const b = exportProgram(p, fakeDocument(), registry);
    expect(b.files).toEqual(a.files);
  });

  it('ships the closure of the layer files and the runtime when sources are given', () => {
    const sources: Record<string, string> = {
      'core/node-contract/node-definition.ts': "import type { X } from './param-spec';\n",
      'core/node-contract/param-spec.ts': 'export type X = 1;\n',
      'main/engine/export/runtime/export-runtime.ts':
        "import { a } from '../../../../nodes/fake/shared/helper';\n",
      'nodes/fake/shared/helper.ts': 'export const a = 1;\n',
      'nodes/fake/data/data.layer.ts':
        "import type { X } from '../../../core/node-contract/param-spec';\n",
      'nodes/fake/dense/dense.layer.ts': "import { a } from '../shared/helper';\n",
      'nodes/fake/mse/mse.layer.ts': '',
      'nodes/fake/sampler/sampler.layer.ts': '',
      'nodes/fake/adam/adam.layer.ts': '',
      'nodes/unused.ts': '',
    };
    const r = exportProgram(fakeProgram(), fakeDocument(), registry, { baseName: 'm', sources });
    expect(Object.keys(r.files).sort()).toEqual([
      'm.lib/core/node-contract/node-definition.ts',
      'm.lib/core/node-contract/param-spec.ts',
      'm.lib/main/engine/export/runtime/export-runtime.ts',
      'm.lib/nodes/fake/adam/adam.layer.ts',
      'm.lib/nodes/fake/data/data.layer.ts',
      'm.lib/nodes/fake/dense/dense.layer.ts',
      'm.lib/nodes/fake/mse/mse.layer.ts',
      'm.lib/nodes/fake/sampler/sampler.layer.ts',
      'm.lib/nodes/fake/shared/helper.ts',
      'm.lib/tsconfig.json',
      'm.ts',
    ]);
    expect(r.diagnostics).toEqual([]);
    const missing = exportProgram(fakeProgram(), fakeDocument(), registry, {
      baseName: 'm',
      sources: { ...sources, 'nodes/fake/shared/helper.ts': undefined as unknown as string },
    });
    expect(missing.diagnostics.map((d) => d.message).join()).toContain(
      'nodes/fake/shared/helper.ts was not provided',
    );
  });

  it('reports nodes it cannot export as diagnostics, never throws', () => {
    const p = fakeProgram();
    p.graph.nodes['mystery'] = {
      ...node('mystery', fakeDefs.dense, { x: 'data.image' }),
      type: 'fake/mystery',
      def: undefined,
    };
    p.graph.order.push('mystery');
    const r = exportProgram(p, fakeDocument(), registry);
    expect(r.diagnostics).toContainEqual(
      expect.objectContaining({ severity: 'error', nodeId: 'mystery', source: 'export' }),
    );
    const noLoss = fakeProgram();
    noLoss.graph.nodes['opt1']!.inputs = {};
    expect(exportProgram(noLoss, fakeDocument(), registry).diagnostics).toContainEqual(
      expect.objectContaining({ severity: 'error', nodeId: 'opt1', port: 'loss' }),
    );
  });

  it('makes safe file names', () => {
    expect(safeBaseName('../../etc/passwd')).toBe('etc-passwd');
    expect(safeBaseName('my model.ts')).toBe('my-model');
    expect(safeBaseName('')).toBe('model');
  });
});
