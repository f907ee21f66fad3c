// Primitive activations and math: ReLU, LeakyReLU, GELU, SiLU, Tanh, Sigmoid, Softmax, Add,
// Multiply, Scale, Mean, Sum, MatMul, Dropout, Constant, Parameter (see nodes/activation/*, nodes/math/*).
import type { AnyNodeDefinition } from '../core/node-contract/node-definition';
import { reluNode } from './activation/relu/relu.node';
import { leakyReluNode } from './activation/leaky-relu/leaky-relu.node';
import { geluNode } from './activation/gelu/gelu.node';
import { siluNode } from './activation/silu/silu.node';
import { tanhNode } from './activation/tanh/tanh.node';
import { sigmoidNode } from './activation/sigmoid/sigmoid.node';
import { softmaxNode } from './activation/softmax/softmax.node';
import { addNode } from './math/add/add.node';
import { multiplyNode } from './math/multiply/multiply.node';
import { scaleNode } from './math/scale/scale.node';
import { meanNode } from './math/mean/mean.node';
import { sumNode } from './math/sum/sum.node';
import { matmulNode } from './math/matmul/matmul.node';
import { dropoutNode } from './math/dropout/dropout.node';
import { constantNode } from './math/constant/constant.node';
import { parameterNode } from './math/parameter/parameter.node';

export const activationMathNodes: readonly AnyNodeDefinition[] = [
  reluNode,
  leakyReluNode,
  geluNode,
  siluNode,
  tanhNode,
  sigmoidNode,
  softmaxNode,
  addNode,
  multiplyNode,
  scaleNode,
  meanNode,
  sumNode,
  matmulNode,
  dropoutNode,
  constantNode,
  parameterNode,
];
