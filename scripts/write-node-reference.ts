// `npm run docs:nodes`: writes docs/nodes.md from the registry.
import { writeFileSync } from 'node:fs';
import { allNodeDefinitions } from '../nodes/registry';
import { renderNodeReference } from './node-reference';

const target = new URL('../docs/nodes.md', import.meta.url);
writeFileSync(target, renderNodeReference(allNodeDefinitions));
process.stdout.write(`wrote docs/nodes.md (${allNodeDefinitions.length} node types)\n`);
