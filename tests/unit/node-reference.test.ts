import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { allNodeDefinitions } from '../../nodes/registry';
import { renderNodeReference } from '../../scripts/node-reference';

describe('node reference', () => {
  it('docs/nodes.md is current (run `npm run docs:nodes` after changing a node)', () => {
    const committed = readFileSync(new URL('../../docs/nodes.md', import.meta.url), 'utf8');
    expect(committed).toBe(renderNodeReference(allNodeDefinitions));
  });

  it('documents every node type with its id, doc and params', () => {
    const text = renderNodeReference(allNodeDefinitions);
    for (const d of allNodeDefinitions) {
      expect(text).toContain(`\`${d.id}\``);
      for (const name of Object.keys(d.params)) expect(text).toContain(`\`${name}\``);
    }
  });
});
