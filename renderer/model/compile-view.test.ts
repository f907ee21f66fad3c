import { describe, expect, it } from 'vitest';
import type { DocNode, TesseraDocument } from '../../core/document/document.types';
import { nodeRegistry } from '../../nodes/registry';
import resblockJson from '../../templates/blocks/residual-conv-block.json';
import { compileView, moduleProgramOf } from './compile-view';

const node = (id: string, type: string, params: Record<string, unknown>): DocNode => ({
  id,
  type,
  typeVersion: 1,
  params: params as never,
  position: { x: 0, y: 0 },
});

/** The residual block called once from a [2, 8, 8, width] tensor with `width`. */
const called = (width: number): TesseraDocument => {
  const doc = structuredClone(resblockJson) as unknown as TesseraDocument;
  doc.nodes.src = node('src', 'math/parameter', { shape: [2, 8, 8, width], init: 'zeros' });
  doc.nodes.rb = node('rb', 'module/instance', { module: 'resblock', weights: 'copy', width });
  doc.edges.e = {
    id: 'e',
    source: { node: 'src', port: 'y' },
    target: { node: 'rb', port: 'x' },
  };
  return doc;
};

describe('compile view inside a module', () => {
  it('falls back to the first specialisation when no caller uses the default values', () => {
    const v = compileView(called(32), nodeRegistry, { datasets: {} }, 'resblock');
    expect(v.diagnostics).toEqual([]);
    expect(v.program?.modules.resblock).toBeUndefined();
    expect(v.program?.specializations?.resblock).toEqual(['resblock(width=32)']);
    expect(moduleProgramOf(v.program, 'resblock')).toBe(v.program?.modules['resblock(width=32)']);
    expect(v.edgeLabels.get('conv1.y->norm2.x')).toBe('2 x 8 x 8 x 32');
    expect(v.edgeLabels.get('skip.y->out.value')).toBe('2 x 8 x 8 x 32');
  });

  it("uses the module's own id when a caller keeps the defaults", () => {
    const v = compileView(called(64), nodeRegistry, { datasets: {} }, 'resblock');
    expect(moduleProgramOf(v.program, 'resblock')).toBe(v.program?.modules.resblock);
    expect(v.edgeLabels.get('conv1.y->norm2.x')).toBe('2 x 8 x 8 x 64');
    expect(moduleProgramOf(v.program, 'nope')).toBeUndefined();
  });
});
