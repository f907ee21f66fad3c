// Every node type Tessera knows, in one registry. Each library list is owned by its family.
import { createRegistry, type AnyNodeDefinition } from '../core/node-contract/node-definition';
import { coreNodes } from './library-core';
import { ganNodes } from './library-gan';
import { vqganNodes } from './library-vqgan';
import { autoregressiveNodes } from './library-autoregressive';
import { moduleNodes } from './module';
import { layerNodes } from './library-layers';
import { activationMathNodes } from './library-activations-math';
import { shapeNodes } from './library-shape';
import { diffusionNodes } from './library-diffusion';
import { attentionNodes } from './library-attention';
import { textNodes } from './library-text';
import { detectionNodes } from './library-detection';
import { actionDetectionNodes } from './library-action-detection';
import { sslNodes } from './library-ssl';

export const allNodeDefinitions: readonly AnyNodeDefinition[] = [
  ...moduleNodes,
  ...layerNodes,
  ...activationMathNodes,
  ...shapeNodes,
  ...coreNodes,
  ...ganNodes,
  ...vqganNodes,
  ...autoregressiveNodes,
  ...diffusionNodes,
  ...attentionNodes,
  ...textNodes,
  ...actionDetectionNodes,
  ...sslNodes,
  ...detectionNodes,
];

export const nodeRegistry = createRegistry(allNodeDefinitions);
