import { describe, it, expect } from 'vitest';
import { compileLoaded } from './compile';
import { testEnv, testRegistry } from './testing/test-registry';
import { edge, graphDoc, moduleOf, node } from './testing/doc-builder';
import type { DocModule } from '../document/document.types';

const registry = testRegistry();

/** A module "enc": x -> conv(in, out) -> y. */
const encoder = (inC = 1, outC = 16): DocModule =>
  moduleOf(
    'enc',
    [
      node('in', 'module/input', { name: 'x' }),
      node('conv', 'test/conv', { inChannels: inC, outChannels: outC }, { label: 'Inner conv' }),
      node('out', 'module/output', { name: 'y' }),
    ],
    [edge('in.value', 'conv.x'), edge('conv.y', 'out.value')],
    'Encoder',
  );

describe('modules', () => {
  it('lowers modules with their io nodes and types instances from the first one', () => {
    const doc = graphDoc(
      [
        node('s', 'test/source', { H: 28, W: 28, C: 1 }),
        node('i1', 'module/instance', { module: 'enc' }),
        node('i2', 'module/instance', { module: 'enc', weights: 'ema' }),
        node('l', 'test/loss'),
      ],
      [edge('s.out', 'i1.x'), edge('s.out', 'i2.x'), edge('i1.y', 'l.a'), edge('i2.y', 'l.b')],
      { modules: { enc: encoder() } },
    );
    const r = compileLoaded(doc, registry, testEnv);
    expect(r.diagnostics).toEqual([]);
    const mod = r.program!.modules.enc!;
    expect(mod.name).toBe('Encoder');
    expect(mod.inputNodes).toEqual({ x: 'in' });
    expect(mod.outputNodes).toEqual({ y: 'out' });
    expect(mod.order).toEqual(['in', 'conv', 'out']);
    expect(mod.inputTypes).toEqual({
      x: { kind: 'tensor', dtype: 'float32', shape: ['B', 28, 28, 1] },
    });
    expect(mod.outputTypes).toEqual({
      y: { kind: 'tensor', dtype: 'float32', shape: ['B', 28, 28, 16] },
    });
    expect(mod.users).toEqual(['/i1', '/i2']);
    expect(r.program!.graph.nodes.i1!.ports!.inputs.map((p) => p.name)).toEqual(['x']);
    expect(r.program!.graph.nodes.i2!.outputTypes.y).toEqual(mod.outputTypes!.y);
    expect(r.program!.graph.nodes.l!.outputTypes.loss).toMatchObject({ shape: [] });
  });

  it('reports errors inside a module at the inner node, and badges the caller with what it passed', () => {
    const doc = graphDoc(
      [
        node('s', 'test/source', { C: 3 }, { label: 'Images' }),
        node('i1', 'module/instance', { module: 'enc' }, { label: 'Encode' }),
        node('l', 'test/loss'),
      ],
      [edge('s.out', 'i1.x'), edge('i1.y', 'l.a')],
      { modules: { enc: encoder(1) } },
    );
    const r = compileLoaded(doc, registry, testEnv);
    expect(r.diagnostics).toHaveLength(2);
    expect(r.diagnostics[0]).toMatchObject({
      nodeId: 'conv',
      path: '/modules/enc/nodes/conv',
      port: 'x',
    });
    expect(r.diagnostics[0]!.message).toContain(
      'Inner conv in module Encoder: expects 1 channels but gets 3',
    );
    expect(r.diagnostics[1]).toMatchObject({ nodeId: 'i1', path: '/nodes/i1' });
    expect(r.diagnostics[1]!.message).toContain(
      'Encode: module Encoder does not accept what it is given ("x" gets from Images.out B x 8 x 8 x 3). Inside it: Inner conv in module Encoder: expects 1 channels but gets 3',
    );
    expect(r.program!.graph.nodes.i1!.shapeStatus).toBe('error');
    expect(r.program!.graph.nodes.l!.shapeStatus).toBe('skipped');
  });

  it('reports a second instance called with another shape', () => {
    const doc = graphDoc(
      [
        node('s', 'test/source', { H: 28, W: 28 }),
        node('s2', 'test/source', { H: 14, W: 14 }, { label: 'Small' }),
        node('i1', 'module/instance', { module: 'enc' }, { label: 'First call' }),
        node('i2', 'module/instance', { module: 'enc' }, { label: 'Second call' }),
      ],
      [edge('s.out', 'i1.x'), edge('s2.out', 'i2.x')],
      { modules: { enc: encoder() } },
    );
    const r = compileLoaded(doc, registry, testEnv);
    expect(r.diagnostics).toEqual([
      expect.objectContaining({
        nodeId: 'i2',
        port: 'x',
        message:
          'Second call passes B x 14 x 14 x 1 to input "x" of module Encoder, but its first use, First call, fixed it as B x 28 x 28 x 1; pass a matching value, or use a separate module for this shape.',
      }),
    ]);
  });

  it('reports an instance of a missing module, listing the modules', () => {
    const doc = graphDoc([node('i', 'module/instance', { module: 'nope' })], [], {
      modules: { enc: encoder() },
    });
    const r = compileLoaded(doc, registry, testEnv);
    expect(r.diagnostics).toEqual([
      expect.objectContaining({
        source: 'modules',
        nodeId: 'i',
        message: expect.stringContaining(
          'calls module "nope", which does not exist; set its module param (choose one of "enc")',
        ),
      }),
    ]);
  });

  it('reports a module that calls itself as a cycle', () => {
    const selfish = moduleOf(
      'm',
      [
        node('in', 'module/input', { name: 'x' }),
        node('again', 'module/instance', { module: 'm' }, { label: 'Recurse' }),
        node('out', 'module/output', { name: 'y' }),
      ],
      [edge('in.value', 'again.x'), edge('again.y', 'out.value')],
      'Loop',
    );
    const doc = graphDoc(
      [node('s', 'test/source'), node('i', 'module/instance', { module: 'm' })],
      [edge('s.out', 'i.x')],
      { modules: { m: selfish } },
    );
    const r = compileLoaded(doc, registry, testEnv);
    expect(r.diagnostics).toEqual([
      expect.objectContaining({
        source: 'cycles',
        nodeId: 'again',
        message: expect.stringContaining('makes the module call itself (Loop → Loop)'),
      }),
    ]);
  });

  it('reports module io nodes at the top level and duplicate port names', () => {
    const dup = moduleOf(
      'd',
      [
        node('a', 'module/input', { name: 'x' }),
        node('b', 'module/input', { name: 'x' }, { label: 'Other x' }),
        node('o', 'module/output'),
      ],
      [edge('a.value', 'o.value')],
    );
    const doc = graphDoc([node('io', 'module/input', { name: 'x' })], [], { modules: { d: dup } });
    const msgs = compileLoaded(doc, registry, testEnv).diagnostics.map((d) => d.message);
    expect(msgs.some((m) => m.includes('Module Input can only sit inside a module'))).toBe(true);
    expect(
      msgs.some((m) =>
        m.includes('Other x in module d repeats the input name "x" of Module Input'),
      ),
    ).toBe(true);
  });

  it('gives a handle a ModelHandleType, from the first instance or declared shapes', () => {
    const declared = moduleOf(
      'den',
      [
        node('in', 'module/input', { name: 'x', shape: 'B, 8, 8, 1' }),
        node('c', 'test/conv', { inChannels: 1, outChannels: 1 }),
        node('out', 'module/output', { name: 'eps' }),
      ],
      [edge('in.value', 'c.x'), edge('c.y', 'out.value')],
      'Denoiser',
    );
    const doc = graphDoc(
      [node('h', 'module/handle', { module: 'den' }), node('smp', 'test/sampler')],
      [edge('h.model', 'smp.model')],
      { modules: { den: declared } },
    );
    const r = compileLoaded(doc, registry, testEnv);
    expect(r.diagnostics).toEqual([]);
    expect(r.program!.graph.nodes.h!.outputTypes.model).toEqual({
      kind: 'model',
      moduleId: 'den',
      inputs: { x: { kind: 'tensor', dtype: 'float32', shape: ['B', 8, 8, 1] } },
      outputs: { eps: { kind: 'tensor', dtype: 'float32', shape: ['B', 8, 8, 1] } },
    });
    expect(r.program!.graph.nodes.smp!.outputTypes.samples).toMatchObject({
      shape: ['B', 8, 8, 1],
    });
  });

  it('types a handle from an instance placed anywhere in the graph, and asks for shapes otherwise', () => {
    const withInstance = graphDoc(
      [
        node('h', 'module/handle', { module: 'enc' }),
        node('smp', 'test/sampler'),
        node('s', 'test/source'),
        node('i', 'module/instance', { module: 'enc' }),
      ],
      [edge('h.model', 'smp.model'), edge('s.out', 'i.x')],
      { modules: { enc: encoder() } },
    );
    expect(compileLoaded(withInstance, registry, testEnv).diagnostics).toEqual([]);
    const handleOnly = graphDoc(
      [node('h', 'module/handle', { module: 'enc' }, { label: 'Enc handle' })],
      [],
      { modules: { enc: encoder() } },
    );
    expect(compileLoaded(handleOnly, registry, testEnv).diagnostics).toEqual([
      expect.objectContaining({
        nodeId: 'h',
        message: expect.stringContaining(
          'Enc handle passes module Encoder along, but its input "x" has no known shape yet; set shape on the Module Input',
        ),
      }),
    ]);
  });

  it('reports a declared input shape that the first instance contradicts, at the Module Input and at the caller, naming the upstream node', () => {
    const mod = moduleOf(
      'den',
      [
        node('in', 'module/input', { name: 'x', shape: 'B, 8, 8, 2' }, { label: 'Noisy image' }),
        node('out', 'module/output', { name: 'y' }),
      ],
      [edge('in.value', 'out.value')],
      'Denoiser',
    );
    const doc = graphDoc(
      [
        node('s', 'test/source', {}, { label: 'Noise source' }),
        node('i', 'module/instance', { module: 'den' }, { label: 'Call' }),
        node('l', 'test/loss'),
      ],
      [edge('s.out', 'i.x'), edge('i.y', 'l.a')],
      { modules: { den: mod } },
    );
    const r = compileLoaded(doc, registry, testEnv);
    expect(r.diagnostics).toEqual([
      expect.objectContaining({
        nodeId: 'in',
        path: '/modules/den/nodes/in',
        message:
          'Noisy image in module Denoiser declares B x 8 x 8 x 2, but Call passes B x 8 x 8 x 1; change the declared shape, or pass a matching value.',
      }),
      expect.objectContaining({
        nodeId: 'i',
        port: 'x',
        path: '/nodes/i',
        message:
          'Call input "x" gets from Noise source.out B x 8 x 8 x 1, but module Denoiser declares B x 8 x 8 x 2 for it; change that upstream node so it gives B x 8 x 8 x 2, or change the declared shape inside the module.',
      }),
    ]);
    expect(r.program!.graph.nodes.l!.shapeStatus).toBe('skipped');
  });

  it('does not cascade from an instance of a missing module to its edges', () => {
    const doc = graphDoc(
      [
        node('s', 'test/source'),
        node('i', 'module/instance', { module: 'gone' }),
        node('l', 'test/loss'),
      ],
      [edge('s.out', 'i.x'), edge('i.y', 'l.a')],
    );
    const r = compileLoaded(doc, registry, testEnv);
    expect(r.diagnostics).toEqual([expect.objectContaining({ source: 'modules', nodeId: 'i' })]);
    expect(r.program!.graph.nodes.l!.shapeStatus).toBe('skipped');
  });
});
