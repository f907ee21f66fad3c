import { describe, expect, it } from 'vitest';
import { createEmptyDocument } from '../../core/document/create-empty-document';
import type { TesseraDocument } from '../../core/document/document.types';
import { compileLoaded } from '../../core/graph/compile';
import { testEnv } from '../../core/graph/testing/test-registry';
import { testNodes, testSource } from '../../core/graph/testing/fake-nodes';
import { createRegistry, type AnyNodeDefinition } from '../../core/node-contract/node-definition';
import { moduleNodes } from '../../nodes/module';
import { nodeRegistry } from '../../nodes/registry';
import { groupByCategory, paletteNodes, searchNodes } from './palette-search';

/** A coarse source kept for old projects, pointing at its replacement. */
const legacySource: AnyNodeDefinition = {
  ...testSource,
  id: 'test/old-source',
  title: 'Old Source',
  doc: 'A coarse source block from an older release.',
  legacy: { replacement: 'test/source' },
};
const defs = [...moduleNodes, ...testNodes, legacySource];

describe('palette: legacy node types', () => {
  it('never offers a legacy type, at the top level or inside a module; its replacement stays', () => {
    for (const scope of ['', 'decoder']) {
      const ids = paletteNodes(defs, scope).map((d) => d.id);
      expect(ids).not.toContain('test/old-source');
      expect(ids).toContain('test/source');
    }
    expect(paletteNodes(defs, '')).toHaveLength(defs.length - 1 - (moduleNodes.length - 1));
  });

  it('a search for its title, id or doc finds nothing in the palette or quick-add', () => {
    expect(searchNodes(defs, 'old source').map((d) => d.id)).toEqual(['test/old-source']);
    for (const q of ['old source', 'old-source', 'older release'])
      expect(searchNodes(paletteNodes(defs, ''), q)).toEqual([]);
    const groups = groupByCategory(searchNodes(paletteNodes(defs, ''), 'source'));
    expect(groups.flatMap(([, list]) => list.map((d) => d.id))).toEqual(['test/source']);
  });

  it('is still loadable: a project holding one compiles without errors', () => {
    const registry = createRegistry(defs);
    const doc: TesseraDocument = {
      ...createEmptyDocument('old project'),
      nodes: {
        src: {
          id: 'src',
          type: 'test/old-source',
          typeVersion: 1,
          params: { H: 8, W: 8, C: 1 },
          position: { x: 0, y: 0 },
        },
      },
    };
    const r = compileLoaded(doc, registry, testEnv);
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(r.program?.graph.nodes.src?.outputTypes.out).toEqual({
      kind: 'tensor',
      dtype: 'float32',
      shape: ['B', 8, 8, 1],
    });
  });
});

describe('palette: module nodes', () => {
  it('offers module input, output and handle only inside a module, an instance everywhere', () => {
    const top = paletteNodes(nodeRegistry.all(), '').map((d) => d.id);
    const inside = paletteNodes(nodeRegistry.all(), 'decoder').map((d) => d.id);
    expect(top).toContain('module/instance');
    expect(top).not.toContain('module/input');
    expect(top).not.toContain('module/output');
    expect(inside).toEqual(
      expect.arrayContaining(['module/instance', 'module/input', 'module/output']),
    );
  });

  it('offers every non-legacy registry type inside a module', () => {
    const expected = nodeRegistry.all().filter((d) => !d.legacy).length;
    expect(paletteNodes(nodeRegistry.all(), 'decoder')).toHaveLength(expected);
  });
});
