// The bad inputs a person building from primitives makes most often each give a diagnostic that
// names the node, the port and the fix, through the whole compiler, and never a throw.
import { describe, it, expect } from 'vitest';
import { compileLoaded } from '../../core/graph/compile';
import { edge, graphDoc, moduleOf, node } from '../../core/graph/testing/doc-builder';
import { nodeRegistry } from '../../nodes/registry';
import { createShapeEnv } from '../../main/engine/data/data-provider';

const compile = (doc: Parameters<typeof compileLoaded>[0]) =>
  compileLoaded(doc, nodeRegistry, createShapeEnv()).diagnostics.filter(
    (d) => d.severity === 'error',
  );

describe('bad input to primitives', () => {
  it('a Reshape whose sizes do not multiply out', () => {
    const [d, ...rest] = compile(
      graphDoc(
        [
          node('data', 'data/mnist'),
          node('r', 'shape/reshape', { shape: 'B, 50' }, { label: 'To rows' }),
        ],
        [edge('data.image', 'r.x')],
      ),
    );
    expect(rest).toEqual([]);
    expect(d).toMatchObject({ nodeId: 'r', port: 'x' });
    expect(d!.message).toContain('To rows');
    expect(d!.message).toMatch(/50/);
    expect(d!.message).toMatch(/784/);
    expect(d!.message).toMatch(/-1/);
  });

  it('a Concat of mismatched dims', () => {
    const [d, ...rest] = compile(
      graphDoc(
        [
          node('data', 'data/mnist'),
          node('down', 'layers/conv2d', { filters: 4, stride: 2 }),
          node('cat', 'shape/concat', { axis: -1 }, { label: 'Join' }),
        ],
        [edge('data.image', 'down.x'), edge('data.image', 'cat.a'), edge('down.y', 'cat.b')],
      ),
    );
    expect(rest).toEqual([]);
    expect(d).toMatchObject({ nodeId: 'cat', port: 'b' });
    expect(d!.message).toContain('Join');
    expect(d!.message).toMatch(/28/);
    expect(d!.message).toMatch(/14/);
  });

  it('a Softmax axis out of range', () => {
    const [d, ...rest] = compile(
      graphDoc(
        [node('data', 'data/mnist'), node('sm', 'activation/softmax', { axis: 4 })],
        [edge('data.image', 'sm.x')],
      ),
    );
    expect(rest).toEqual([]);
    expect(d).toMatchObject({ nodeId: 'sm', port: 'x' });
    expect(d!.message).toMatch(/rank-4 input/);
    expect(d!.message).toMatch(/-4/);
  });

  it('a param that references a module param that does not exist', () => {
    const block = moduleOf(
      'block',
      [
        node('in', 'module/input', { name: 'x' }),
        node('conv', 'layers/conv2d', { filters: '=widht' }, { label: 'Conv' }),
        node('out', 'module/output', { name: 'y' }),
      ],
      [edge('in.value', 'conv.x'), edge('conv.y', 'out.value')],
      'Block',
      { width: { kind: 'int', default: 8, min: 1 } },
    );
    const diags = compile(
      graphDoc(
        [node('data', 'data/mnist'), node('b', 'module/instance', { module: 'block' })],
        [edge('data.image', 'b.x')],
        { modules: { block } },
      ),
    );
    expect(diags).toHaveLength(1);
    expect(diags[0]).toMatchObject({ nodeId: 'conv', path: '/modules/block/nodes/conv' });
    expect(diags[0]!.message).toBe(
      'Conv in module Block: param filters: "widht" is not a param of this module (it has width) in "=widht"; declare the param on the module (Module params in the inspector) or fix the expression.',
    );
  });
});
