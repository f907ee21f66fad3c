// Registers Tessera's training kernels for the wasm backend: missing ones (filter and
// depthwise backprops, UnsortedSegmentSum) and replacements for slow stock ones
// (Conv2DBackpropInput, BatchMatMul with transposes/batches, Tile, rank-5+ Transpose).
import type * as tfType from '@tensorflow/tfjs';
import { slice_util, util } from '@tensorflow/tfjs';
import type { KernelFunc, TensorInfo, NamedAttrMap } from '@tensorflow/tfjs';
import { WasmOps, type StockKernels, type WasmBackendLike } from './wasm-ops';
import { conv2dBackpropFilter } from './conv2d-backprop-filter.kernel';
import { conv2dBackpropInput } from './conv2d-backprop-input.kernel';
import { batchMatMul } from './batch-mat-mul.kernel';
import { unsortedSegmentSum } from './unsorted-segment-sum.kernel';
import { tile } from './tile.kernel';
import { leadingSum } from './leading-sum.kernel';
import { cropAndResize } from './crop-and-resize.kernel';
import { transpose } from './transpose.kernel';
import { concat, slice, splitV } from './slice-concat.kernel';
import { depthwiseBackpropFilter, depthwiseBackpropInput } from './depthwise-backprop.kernel';

type Tf = typeof tfType;
type Impl = (
  ops: WasmOps,
  inputs: Record<string, TensorInfo>,
  attrs: NamedAttrMap,
  stock: StockKernels,
) => TensorInfo | TensorInfo[];

/** The stock kernel for dtypes a Tessera kernel leaves alone. */
function stockFallback(
  stock: StockKernels,
  key: string,
  name: string,
  ops: WasmOps,
  inputs: Record<string, TensorInfo>,
  attrs: NamedAttrMap,
): TensorInfo | TensorInfo[] {
  const k = stock[key];
  if (k === undefined) throw new Error(`Tessera wasm ${name}: no stock ${name} kernel`);
  return k({ inputs, backend: ops.backend as never, attrs }) as TensorInfo | TensorInfo[];
}

function need(inputs: Record<string, TensorInfo>, name: string, op: string): TensorInfo {
  const t = inputs[name];
  if (t === undefined) throw new Error(`Tessera wasm ${op}: missing input ${name}`);
  return t;
}

/** Sum or Mean: leading axes by a matmul with ones, the rest (and other dtypes) by the stock kernel. */
const reduction =
  (name: 'Sum' | 'Mean'): Impl =>
  (ops, i, a, stock) => {
    const call = (k: string, x: TensorInfo, attrs: NamedAttrMap): TensorInfo => {
      const kernel = stock[k];
      if (kernel === undefined) throw new Error(`Tessera wasm ${name}: no stock ${k} kernel`);
      return kernel({ inputs: { x }, backend: ops.backend as never, attrs }) as TensorInfo;
    };
    const x = need(i, 'x', name);
    const out = leadingSum(ops, x, a, name === 'Mean', (t, axis) =>
      call('sum', t, { axis, keepDims: false }),
    );
    return out ?? call(name === 'Sum' ? 'sum' : 'mean', x, a);
  };

const impls: Record<string, Impl> = {
  Slice: (ops, i, a, stock) => {
    const x = need(i, 'x', 'Slice');
    const [begin = [], size = []] = slice_util.parseSliceParams(
      x as never,
      a['begin'] as number[],
      a['size'] as number[],
    );
    return slice(ops, x, begin, size) ?? stockFallback(stock, 'slice', 'Slice', ops, i, a);
  },
  SplitV: (ops, i, a, stock) =>
    splitV(ops, need(i, 'x', 'SplitV'), a) ?? stockFallback(stock, 'splitV', 'SplitV', ops, i, a),
  Concat: (ops, i, a, stock) => {
    const list = Object.keys(i)
      .sort((p, q) => Number(p) - Number(q))
      .map((k) => i[k] as TensorInfo)
      .filter((t) => t.shape.every((d) => d > 0));
    if (list.length === 0) return stockFallback(stock, 'concat', 'Concat', ops, i, a);
    const first = list[0] as TensorInfo;
    const axis = util.parseAxisParam(a['axis'] as number, first.shape)[0] as number;
    return concat(ops, list, axis) ?? stockFallback(stock, 'concat', 'Concat', ops, i, a);
  },
  CropAndResize: (ops, i, a, stock) => {
    const image = need(i, 'image', 'CropAndResize');
    const out = cropAndResize(
      ops,
      image,
      need(i, 'boxes', 'CropAndResize'),
      need(i, 'boxInd', 'CropAndResize'),
      a,
    );
    if (out !== null) return out;
    // Integer images: cast, then crop as above.
    const cast = stock['cast'];
    if (cast === undefined) throw new Error('Tessera wasm CropAndResize: no stock Cast kernel');
    const f = cast({
      inputs: { x: image },
      backend: ops.backend as never,
      attrs: { dtype: 'float32' },
    }) as TensorInfo;
    try {
      const r = cropAndResize(
        ops,
        f,
        need(i, 'boxes', 'CropAndResize'),
        need(i, 'boxInd', 'CropAndResize'),
        a,
      );
      if (r === null)
        throw new Error('Tessera wasm CropAndResize: boxes must be float32 and box indices int32');
      return r;
    } finally {
      ops.free(f);
    }
  },
  Sum: reduction('Sum'),
  Mean: reduction('Mean'),
  // Shares the input's memory, as the cpu and webgl backends do; the stock wasm Identity copies,
  // and the engine clones every tensor it saves for the backward pass (~500 copies a GPT step).
  // Safe because no kernel writes into its inputs (Reshape on wasm shares memory the same way).
  Identity: (ops, i, a, stock) => {
    const x = need(i, 'x', 'Identity');
    const copy = stock['identity'];
    if (x.dtype === 'string' && copy !== undefined)
      return copy({ inputs: i, backend: ops.backend as never, attrs: a }) as TensorInfo;
    ops.backend.incRef(x.dataId);
    return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
  },
  Conv2DBackpropFilter: (ops, i, a) =>
    conv2dBackpropFilter(
      ops,
      need(i, 'x', 'Conv2DBackpropFilter'),
      need(i, 'dy', 'Conv2DBackpropFilter'),
      a,
    ),
  Conv2DBackpropInput: (ops, i, a) =>
    conv2dBackpropInput(
      ops,
      need(i, 'dy', 'Conv2DBackpropInput'),
      need(i, 'filter', 'Conv2DBackpropInput'),
      a,
    ),
  BatchMatMul: (ops, i, a) =>
    batchMatMul(ops, need(i, 'a', 'BatchMatMul'), need(i, 'b', 'BatchMatMul'), a),
  UnsortedSegmentSum: (ops, i, a) =>
    unsortedSegmentSum(
      ops,
      need(i, 'x', 'UnsortedSegmentSum'),
      need(i, 'segmentIds', 'UnsortedSegmentSum'),
      a,
    ),
  Tile: (ops, i, a, stock) => {
    const x = need(i, 'x', 'Tile');
    const out = tile(ops, x, a);
    if (out !== null) return out;
    const fallback = stock['tile'];
    if (fallback === undefined)
      throw new Error(`Tessera wasm Tile: dtype ${x.dtype} is not supported`);
    return fallback({ inputs: i, backend: ops.backend as never, attrs: a }) as TensorInfo;
  },
  Transpose: (ops, i, a, stock) => {
    const x = need(i, 'x', 'Transpose');
    return (
      transpose(ops, x, a) ??
      (stock.transpose({ inputs: i, backend: ops.backend as never, attrs: a }) as TensorInfo)
    );
  },
  DepthwiseConv2dNativeBackpropFilter: (ops, i, a) =>
    depthwiseBackpropFilter(
      ops,
      need(i, 'x', 'DepthwiseConv2dNativeBackpropFilter'),
      need(i, 'dy', 'DepthwiseConv2dNativeBackpropFilter'),
      a,
    ),
  DepthwiseConv2dNativeBackpropInput: (ops, i, a) =>
    depthwiseBackpropInput(
      ops,
      need(i, 'dy', 'DepthwiseConv2dNativeBackpropInput'),
      need(i, 'filter', 'DepthwiseConv2dNativeBackpropInput'),
      a,
    ),
};

/** The kernels Tessera registers for 'wasm' (replacing the stock ones where they exist). */
export const TESSERA_WASM_KERNELS: readonly string[] = Object.keys(impls);

const stockNames = {
  conv2d: 'Conv2D',
  batchMatMul: 'BatchMatMul',
  transpose: 'Transpose',
  reshape: 'Reshape',
  padV2: 'PadV2',
  slice: 'Slice',
  depthwiseConv2dNative: 'DepthwiseConv2dNative',
  multiply: 'Multiply',
  tile: 'Tile',
  identity: 'Identity',
  cast: 'Cast',
  sum: 'Sum',
  mean: 'Mean',
  splitV: 'SplitV',
  concat: 'Concat',
} as const;

let registeredWith: Tf | null = null;
let stock: StockKernels | null = null;

/** The stock wasm kernels captured at registration (what Tessera's kernels build on). */
export function capturedStockKernels(): StockKernels {
  if (stock === null)
    throw new Error('Tessera wasm: no stock kernels yet; call registerWasmTrainingKernels first');
  return stock;
}

/** Captures the stock kernels once, then (re)registers Tessera's. Safe to call repeatedly. */
export function registerWasmTrainingKernels(tf: Tf): readonly string[] {
  if (registeredWith === tf) return TESSERA_WASM_KERNELS;
  if (stock === null) {
    const captured: Record<string, KernelFunc> = {};
    for (const [key, name] of Object.entries(stockNames)) {
      const k = tf.getKernel(name, 'wasm');
      if (k === undefined)
        throw new Error(
          `Tessera: the wasm backend has no ${name} kernel; is @tensorflow/tfjs-backend-wasm loaded?`,
        );
      captured[key] = k.kernelFunc;
    }
    stock = captured as StockKernels;
  }
  const s = stock;
  const opsFor = new WeakMap<object, WasmOps>();
  for (const [name, impl] of Object.entries(impls)) {
    if (tf.getKernel(name, 'wasm') !== undefined) tf.unregisterKernel(name, 'wasm');
    tf.registerKernel({
      kernelName: name,
      backendName: 'wasm',
      kernelFunc: ({ inputs, backend, attrs }) => {
        let ops = opsFor.get(backend);
        if (ops === undefined) {
          ops = new WasmOps(backend as unknown as WasmBackendLike, s);
          opsFor.set(backend, ops);
        }
        return impl(ops, inputs as Record<string, TensorInfo>, attrs ?? {}, s);
      },
    });
  }
  registeredWith = tf;
  return TESSERA_WASM_KERNELS;
}
