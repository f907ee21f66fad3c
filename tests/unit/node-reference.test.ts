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

describe('node reference: legacy node types', () => {
  const [conv, other] = allNodeDefinitions.filter((d) => !d.legacy);
  const legacyBlock = {
    ...other!,
    id: 'encode/old-block',
    title: 'Old Block',
    legacy: { replacement: conv!.id },
  };
  const legacyText = {
    ...other!,
    id: 'encode/older-block',
    title: 'Older Block',
    legacy: { replacement: 'a residual block from Blocks' },
  };
  const text = renderNodeReference([conv!, legacyBlock, legacyText]);

  it('marks each legacy type "Legacy — use X instead", naming X by title and id when it is a node type', () => {
    expect(text).toContain(`**Legacy — use ${conv!.title} (\`${conv!.id}\`) instead.**`);
    expect(text).toContain('**Legacy — use a residual block from Blocks instead.**');
  });

  it('lists legacy types in their own section at the end, after every current one', () => {
    const section = text.indexOf('## Legacy');
    expect(section).toBeGreaterThan(text.indexOf(`\`${conv!.id}\``));
    expect(text.indexOf('### Old Block')).toBeGreaterThan(section);
    expect(text.indexOf('### Older Block')).toBeGreaterThan(section);
    expect(renderNodeReference([conv!])).not.toContain('## Legacy');
  });
});
