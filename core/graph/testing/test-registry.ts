// The registry the compiler tests use: the fake test nodes plus the built-in module nodes.
import { createRegistry, type NodeRegistry } from '../../node-contract/node-definition';
import { moduleNodes } from '../../../nodes/module';
import { testNodes } from './fake-nodes';

export { testEnv } from './fake-nodes';

export const testRegistry = (): NodeRegistry => createRegistry([...moduleNodes, ...testNodes]);
