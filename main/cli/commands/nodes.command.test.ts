import { afterEach, describe, expect, it } from 'vitest';
import type { AnyNodeDefinition } from '../../../core/node-contract/node-definition';
import type { CatalogNode } from '../../../nodes/node-catalog';
import { allNodeDefinitions, nodeRegistry } from '../../../nodes/registry';
import { captureIo, setIo } from '../io';
import { main } from '../main';
import { cliCommands } from './index';
import { createNodesCommand } from './nodes.command';

afterEach(() => setIo(undefined));

const run = async (args: string[], commands = cliCommands) => {
  const cap = captureIo();
  setIo(cap);
  const code = await main(args, commands);
  return { code, out: cap.stdout.join(''), err: cap.stderr.join('') };
};

const json = async (args: string[] = []): Promise<CatalogNode[]> => {
  const r = await run(['nodes', '--json', ...args]);
  expect(r.code).toBe(0);
  expect(r.err).toBe('');
  return (JSON.parse(r.out) as { nodes: CatalogNode[] }).nodes;
};

describe('tessera nodes --json', () => {
  it('lists every registry id exactly once', async () => {
    const ids = (await json()).map((n) => n.id);
    expect(ids.length).toBe(nodeRegistry.all().length);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(
      nodeRegistry
        .all()
        .map((d) => d.id)
        .sort(),
    );
  });

  it("gives the vector quantizer's ports and params as its definition declares them", async () => {
    const vq = (await json()).find((n) => n.id === 'quantize/vector-quantizer');
    const def = nodeRegistry.get('quantize/vector-quantizer')!;
    expect(vq).toMatchObject({
      title: def.title,
      category: 'quantize',
      version: def.version,
      role: 'layer',
      legacy: null,
    });
    expect(vq!.inputs.map((p) => p.name)).toEqual(def.inputs.map((p) => p.name));
    expect(vq!.outputs.find((p) => p.name === 'quantized')).toEqual({
      name: 'quantized',
      label: null,
      kind: 'tensor',
      dtype: 'float32',
      rank: null,
      dims: ['B', 'H', 'W', 'D'],
      gradient: 'straight-through',
      optional: false,
      doc: 'Nearest codes, same shape as z.',
    });
    expect(vq!.outputs.find((p) => p.name === 'indices')).toMatchObject({
      dtype: 'int32',
      gradient: 'none',
    });
    expect(vq!.params.find((p) => p.name === 'codebookSize')).toEqual({
      name: 'codebookSize',
      kind: 'int',
      label: null,
      default: 64,
      min: 2,
      max: 16384,
      options: null,
      doc: 'K, the number of codes.',
    });
    expect(vq!.params.map((p) => p.name)).toEqual(Object.keys(def.params));
    for (const p of vq!.params) expect(p.default).toEqual(def.params[p.name]!.default);
  });

  it('gives enum options, and optional model ports', async () => {
    const nodes = await json();
    const withEnum = nodes.flatMap((n) => n.params).find((p) => p.kind === 'enum');
    expect(withEnum?.options?.length).toBeGreaterThan(1);
    expect(withEnum?.options).toContain(withEnum?.default);
    const model = nodes.flatMap((n) => n.inputs).find((p) => p.kind === 'model');
    expect(model).toMatchObject({ kind: 'model', gradient: 'none' });
  });

  it('--category keeps only that category', async () => {
    const loss = await json(['--category', 'loss']);
    const expected = allNodeDefinitions.filter((d) => d.category === 'loss').map((d) => d.id);
    expect(expected.length).toBeGreaterThan(1);
    expect(loss.map((n) => n.id).sort()).toEqual(expected.sort());
  });
});

describe('tessera nodes (text)', () => {
  it('prints a table grouped by category, each node with its ports and params', async () => {
    const r = await run(['nodes', '--category', 'quantize']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^quantize \(2\)$/m);
    expect(r.out).toMatch(/^ {2}quantize\/vector-quantizer {2}"Vector quantizer" {2}v1 {2}layer$/m);
    expect(r.out).toMatch(
      /^ +out +quantized +float32 \[B, H, W, D\] +gradient: straight-through$/m,
    );
    expect(r.out).toMatch(
      /^ +param +codebookSize +int = 64 +2\.\.16384 +K, the number of codes\.$/m,
    );
    expect(r.out).toMatch(/^2 node types\.$/m);
  });

  it('groups every category of the registry', async () => {
    const r = await run(['nodes']);
    for (const c of new Set(allNodeDefinitions.map((d) => d.category)))
      expect(r.out).toMatch(new RegExp(`^${c} \\(\\d+\\)$`, 'm'));
    const legacy = allNodeDefinitions.filter((d) => d.legacy).length;
    expect(legacy).toBeGreaterThan(0); // the coarse GAN and transformer blocks
    expect(r.out).toContain(
      `${allNodeDefinitions.length} node types, ${legacy} legacy (hidden from the palette).`,
    );
  });

  it('marks a legacy node type with its replacement, in text and JSON', async () => {
    const base = nodeRegistry.get('quantize/vector-quantizer')!;
    const old: AnyNodeDefinition = {
      ...base,
      id: 'quantize/old-quantizer',
      title: 'Old quantizer',
      legacy: { replacement: 'quantize/vector-quantizer' },
    };
    const commands = [createNodesCommand([base, old])];
    const text = await run(['nodes'], commands);
    expect(text.out).toMatch(
      /^ {2}quantize\/old-quantizer {2}"Old quantizer" {2}v1 {2}layer {2}\[legacy: use quantize\/vector-quantizer instead\]$/m,
    );
    expect(text.out).toContain('2 node types, 1 legacy (hidden from the palette).');
    const r = await run(['nodes', '--json'], commands);
    const nodes = (JSON.parse(r.out) as { nodes: CatalogNode[] }).nodes;
    expect(nodes.find((n) => n.id === 'quantize/old-quantizer')?.legacy).toEqual({
      replacement: 'quantize/vector-quantizer',
    });
  });
});

describe('tessera nodes: mistakes', () => {
  it('an unknown category is an error that lists the valid ones', async () => {
    const r = await run(['nodes', '--category', 'lossy']);
    expect(r.code).toBe(1);
    expect(r.out).toBe('');
    expect(r.err).toMatch(/^error: no node type has category "lossy"; choose one of .+\.$/m);
    for (const c of new Set(allNodeDefinitions.map((d) => d.category))) expect(r.err).toContain(c);
  });

  it('refuses positionals and unknown flags with the usage', async () => {
    const r = await run(['nodes', 'extra']);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/Unexpected argument "extra"/);
    expect(r.err).toMatch(/Usage: tessera nodes/);
    expect((await run(['nodes', '--frob'])).code).toBe(1);
  });

  it('is listed in tessera --help', async () => {
    expect((await run(['--help'])).out).toMatch(/^ {2}nodes +List every node type/m);
  });
});
