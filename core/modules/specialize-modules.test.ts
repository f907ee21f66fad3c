import { describe, it, expect } from 'vitest';
import { compileLoaded } from '../graph/compile';
import { testEnv, testRegistry } from '../graph/testing/test-registry';
import { edge, graphDoc, moduleOf, node, objective } from '../graph/testing/doc-builder';
import type { DocModule } from '../document/document.types';
import { specializeModules } from './specialize-modules';

const registry = testRegistry();

/** "block": x -> conv(inChannels = cin, outChannels = width * 2) -> y, with params width and cin. */
const block = (): DocModule =>
  moduleOf(
    'block',
    [
      node('in', 'module/input', { name: 'x' }),
      node(
        'conv',
        'test/conv',
        { inChannels: '=cin', outChannels: '=width * 2' },
        { label: 'Conv' },
      ),
      node('out', 'module/output', { name: 'y' }),
    ],
    [edge('in.value', 'conv.x'), edge('conv.y', 'out.value')],
    'Block',
    {
      width: { kind: 'int', default: 8, min: 1, max: 1024, doc: 'half the output channels' },
      cin: { kind: 'int', default: 1, min: 1, max: 1024 },
    },
  );

/** "stage": two blocks in a row; the second's width and input follow the stage's width. */
const stage = (): DocModule =>
  moduleOf(
    'stage',
    [
      node('in', 'module/input', { name: 'x' }),
      node('b1', 'module/instance', { module: 'block', width: '=width', cin: '=cin' }),
      node('b2', 'module/instance', { module: 'block', width: '=width', cin: '=width * 2' }),
      node('out', 'module/output', { name: 'y' }),
    ],
    [edge('in.value', 'b1.x'), edge('b1.y', 'b2.x'), edge('b2.y', 'out.value')],
    'Stage',
    { width: { kind: 'int', default: 8, min: 1 }, cin: { kind: 'int', default: 1, min: 1 } },
  );

const outShape = (r: ReturnType<typeof compileLoaded>, id: string) =>
  (r.program!.graph.nodes[id]!.outputTypes.y as { shape: unknown }).shape;

describe('parameterised modules', () => {
  it('gives each instance the shapes of its own param values, and the defaults keep the module id', () => {
    const doc = graphDoc(
      [
        node('s', 'test/source', { H: 8, W: 8, C: 1 }),
        node('a', 'module/instance', { module: 'block' }),
        node('b', 'module/instance', { module: 'block', width: 32, cin: 16 }),
        node('c', 'module/instance', { module: 'block', width: 32, cin: 16 }),
      ],
      [edge('s.out', 'a.x'), edge('a.y', 'b.x'), edge('b.y', 'c.x')],
      { modules: { block: block() } },
    );
    const r = compileLoaded(doc, registry, testEnv);
    // c shares b's specialisation, whose input b fixed at 16 channels; c passes 64: one error, at c.
    expect(r.diagnostics.map((d) => d.nodeId)).toEqual(['c']);
    expect(r.diagnostics[0]!.message).toContain('B x 8 x 8 x 64');
    expect(outShape(r, 'a')).toEqual(['B', 8, 8, 16]);
    expect(outShape(r, 'b')).toEqual(['B', 8, 8, 64]);
    expect(Object.keys(r.program!.modules).sort()).toEqual(['block', 'block(cin=16,width=32)']);
    expect(r.program!.specializations).toEqual({ block: ['block', 'block(cin=16,width=32)'] });
    expect(r.program!.modules['block(cin=16,width=32)']!.name).toBe('Block (cin=16, width=32)');
    // Instance params that are module params do not reach the params pass (no "unused param" warnings).
    expect(r.program!.graph.nodes.b!.params).toMatchObject({ module: 'block(cin=16,width=32)' });
    expect(r.program!.graph.nodes.b!.params.width).toBeUndefined();
    // The user's document is untouched.
    expect(r.document!.nodes.b!.params).toEqual({ module: 'block', width: 32, cin: 16 });
  });

  it('resolves nested instances with the values of their enclosing module', () => {
    const doc = graphDoc(
      [
        node('s', 'test/source', { H: 4, W: 4, C: 3 }),
        node('st', 'module/instance', { module: 'stage', width: 5, cin: 3 }),
      ],
      [edge('s.out', 'st.x')],
      { modules: { block: block(), stage: stage() } },
    );
    const r = compileLoaded(doc, registry, testEnv);
    expect(r.diagnostics).toEqual([]);
    expect(outShape(r, 'st')).toEqual(['B', 4, 4, 10]);
    const st = r.program!.modules['stage(cin=3,width=5)']!;
    expect(st.nodes.b1!.params.module).toBe('block(cin=3,width=5)');
    expect(st.nodes.b2!.params.module).toBe('block(cin=10,width=5)');
    expect(r.program!.modules['block(cin=10,width=5)']!.nodes.conv!.params).toMatchObject({
      inChannels: 10,
      outChannels: 10,
    });
  });

  it('reports bad references and values at the node, with the fix, and never throws', () => {
    const bad = block();
    bad.nodes.conv!.params.outChannels = '=widht * 2';
    const doc = graphDoc(
      [
        node('s', 'test/source', { H: 4, W: 4, C: 1 }),
        node('i', 'module/instance', { module: 'block', width: 0 }),
        node('top', 'test/conv', { inChannels: '=width' }),
      ],
      [edge('s.out', 'i.x')],
      { modules: { block: bad } },
    );
    const msgs = compileLoaded(doc, registry, testEnv).diagnostics.map(
      (d) => `${d.nodeId}: ${d.message}`,
    );
    expect(msgs).toContain(
      'conv: Conv in module Block: param outChannels: "widht" is not a param of this module (it has width, cin) in "=widht * 2"; declare the param on the module (Module params in the inspector) or fix the expression.',
    );
    expect(msgs).toContain(
      'i: i sets param width of module Block: width is 0; set it between 1 and 1024.',
    );
    expect(
      msgs.some((m) =>
        m.startsWith(
          'top: top: param inChannels is "=width", a module-param reference, but this node is not inside a module',
        ),
      ),
    ).toBe(true);
  });

  it('checks declarations: reserved names and defaults outside their range', () => {
    const m = block();
    m.params = {
      weights: { kind: 'int', default: 1 },
      width: { kind: 'int', default: 0, min: 1 },
      cin: { kind: 'int', default: 1 },
    };
    const r = specializeModules(graphDoc([], [], { modules: { block: m } }));
    expect(r.diagnostics.map((d) => d.path)).toEqual([
      '/modules/block/params/weights',
      '/modules/block/params/width',
      '/modules/block/nodes/conv',
    ]);
    expect(r.diagnostics[0]!.message).toContain('is a param of Module Instance itself');
  });

  it('expands objectives that update a module to all of its specialisations', () => {
    const doc = graphDoc(
      [
        node('s', 'test/source', { H: 4, W: 4, C: 1 }),
        node('a', 'module/instance', { module: 'block', width: 2 }),
        node('b', 'module/instance', { module: 'block', width: 3, cin: 4 }),
      ],
      [edge('s.out', 'a.x'), edge('a.y', 'b.x')],
      { modules: { block: block() } },
    );
    doc.training.stages = [
      {
        id: 's1',
        name: 'one',
        steps: 1,
        objectives: [objective('adam', ['block', 'block/conv', 's'])],
        frozen: ['block'],
      },
    ];
    const r = specializeModules(doc);
    expect(r.document.training.stages[0]!.objectives[0]!.updates).toEqual([
      'block(width=2)',
      'block(cin=4,width=3)',
      'block(width=2)/conv',
      'block(cin=4,width=3)/conv',
      's',
    ]);
    expect(r.document.training.stages[0]!.frozen).toEqual([
      'block(width=2)',
      'block(cin=4,width=3)',
    ]);
  });

  it('leaves documents without module params exactly as they are', () => {
    const doc = graphDoc([node('s', 'test/source')], [], {});
    expect(specializeModules(doc).document).toBe(doc);
  });

  it('stops a module that nests itself through its params', () => {
    const rec = moduleOf(
      'rec',
      [
        node('in', 'module/input', { name: 'x' }),
        node('inner', 'module/instance', { module: 'rec', depth: '=depth + 1' }),
        node('out', 'module/output', { name: 'y' }),
      ],
      [edge('in.value', 'inner.x'), edge('inner.y', 'out.value')],
      'Rec',
      { depth: { kind: 'int', default: 0 } },
    );
    const doc = graphDoc(
      [node('s', 'test/source'), node('i', 'module/instance', { module: 'rec' })],
      [edge('s.out', 'i.x')],
      { modules: { rec } },
    );
    const r = compileLoaded(doc, registry, testEnv);
    expect(r.diagnostics.some((d) => d.message.includes('nested more than 16 levels'))).toBe(true);
    expect(r.diagnostics.some((d) => d.severity === 'error')).toBe(true);
  });
});
