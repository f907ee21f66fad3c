// Node types of the core library: data, encoders, decoders, quantizers, losses, optimizers (see nodes/*/).
import type { AnyNodeDefinition } from '../core/node-contract/node-definition';
import { mnistNode } from './data/mnist/mnist.node';
import { fashionMnistNode } from './data/fashion-mnist/fashion-mnist.node';
import { imageFolderNode } from './data/image-folder/image-folder.node';
import { gaussianNode } from './noise/gaussian/gaussian.node';
import { convEncoderNode } from './encode/conv-encoder/conv-encoder.node';
import { convDecoderNode } from './decode/conv-decoder/conv-decoder.node';
import { vectorQuantizerNode } from './quantize/vector-quantizer/vector-quantizer.node';
import { mseNode } from './loss/mse/mse.node';
import { l1Node } from './loss/l1/l1.node';
import { bceNode } from './loss/bce/bce.node';
import { textFileNode } from './data/text-file/text-file.node';
import { weightedSumNode } from './math/weighted-sum/weighted-sum.node';
import { stopGradientNode } from './math/stop-gradient/stop-gradient.node';
import { optimizerNode } from './optimize/optimizer/optimizer.node';

export const coreNodes: readonly AnyNodeDefinition[] = [
  mnistNode,
  fashionMnistNode,
  imageFolderNode,
  gaussianNode,
  convEncoderNode,
  convDecoderNode,
  vectorQuantizerNode,
  mseNode,
  l1Node,
  bceNode,
  textFileNode,
  weightedSumNode,
  stopGradientNode,
  optimizerNode,
];
