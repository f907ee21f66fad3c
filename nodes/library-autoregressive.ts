// Node types of autoregressive density models: FVSBN, NADE, MADE, PixelCNN, pixel sampler.
import type { AnyNodeDefinition } from '../core/node-contract/node-definition';
import { autoregressiveSamplerNode } from './autoregressive/autoregressive-sampler/autoregressive-sampler.node';
import { bernoulliNllNode } from './autoregressive/bernoulli-nll/bernoulli-nll.node';
import { fvsbnNode } from './autoregressive/fvsbn/fvsbn.node';
import { madeNode } from './autoregressive/made/made.node';
import { nadeNode } from './autoregressive/nade/nade.node';
import { pixelcnnNode } from './autoregressive/pixelcnn/pixelcnn.node';

export const autoregressiveNodes: readonly AnyNodeDefinition[] = [
  fvsbnNode,
  nadeNode,
  madeNode,
  pixelcnnNode,
  bernoulliNllNode,
  autoregressiveSamplerNode,
];
