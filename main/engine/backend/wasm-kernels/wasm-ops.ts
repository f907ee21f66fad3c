// TensorInfo-level building blocks for Tessera's wasm training kernels.
// They call the wasm backend's own stock kernels (XNNPACK conv/matmul, native transpose,
// pad, slice) directly, so nothing is recorded on the gradient tape and nothing is copied
// through the cpu backend. Every helper returns a fresh TensorInfo the caller must free
// with `free` (reshape shares the buffer and only bumps its reference count).
import type { KernelFunc, TensorInfo, NamedAttrMap } from '@tensorflow/tfjs';

/** The part of tfjs-backend-wasm's BackendWasm that the kernels use. */
export interface WasmBackendLike {
  dataIdMap: {
    get(
      dataId: object,
    ): { id: number; memoryOffset: number; shape: number[]; dtype: string } | undefined;
  };
  makeOutput(shape: number[], dtype: 'float32' | 'int32' | 'bool'): TensorInfo;
  disposeData(dataId: object, force?: boolean): boolean;
  incRef(dataId: object): void;
  wasm: { HEAPU8: Uint8Array; HEAPF32: Float32Array; tfjs: { disposeData(id: number): void } };
}

/** Stock wasm kernels captured before Tessera replaces any of them. */
export interface StockKernels {
  conv2d: KernelFunc;
  batchMatMul: KernelFunc;
  transpose: KernelFunc;
  reshape: KernelFunc;
  padV2: KernelFunc;
  slice: KernelFunc;
  depthwiseConv2dNative: KernelFunc;
  multiply: KernelFunc;
  sum: KernelFunc;
  [name: string]: KernelFunc;
}

export class WasmOps {
  constructor(
    readonly backend: WasmBackendLike,
    private readonly stock: StockKernels,
  ) {}

  private call(
    kernel: KernelFunc,
    inputs: Record<string, TensorInfo>,
    attrs: NamedAttrMap,
  ): TensorInfo {
    const out = kernel({ inputs, backend: this.backend as never, attrs });
    if (Array.isArray(out)) throw new Error('Tessera wasm ops: expected one output');
    return out as TensorInfo;
  }

  free(...infos: TensorInfo[]): void {
    for (const t of infos) this.backend.disposeData(t.dataId);
  }

  /** A Float32Array view of a tensor on the wasm heap. Take it again after any allocation. */
  view(t: TensorInfo): Float32Array {
    const rec = this.backend.dataIdMap.get(t.dataId);
    if (rec === undefined) throw new Error('Tessera wasm ops: tensor is not on the wasm backend');
    const size = t.shape.reduce((a, b) => a * b, 1);
    return new Float32Array(this.backend.wasm.HEAPU8.buffer, rec.memoryOffset, size);
  }

  /** Index of a float32 tensor's first element in HEAPF32 (stable across heap growth). */
  offset(t: TensorInfo): number {
    const rec = this.backend.dataIdMap.get(t.dataId);
    if (rec === undefined) throw new Error('Tessera wasm ops: tensor is not on the wasm backend');
    return rec.memoryOffset / 4;
  }

  intView(t: TensorInfo): Int32Array {
    const rec = this.backend.dataIdMap.get(t.dataId);
    if (rec === undefined) throw new Error('Tessera wasm ops: tensor is not on the wasm backend');
    const size = t.shape.reduce((a, b) => a * b, 1);
    return new Int32Array(this.backend.wasm.HEAPU8.buffer, rec.memoryOffset, size);
  }

  /**
   * A tensor that aliases `size(shape)` floats of `t` starting at element `offset` (no copy).
   * Release it with `releaseAlias`, never with `free` (the memory belongs to `t`).
   */
  alias(t: TensorInfo, offset: number, shape: number[]): TensorInfo {
    const rec = this.backend.dataIdMap.get(t.dataId);
    if (rec === undefined) throw new Error('Tessera wasm ops: tensor is not on the wasm backend');
    return (
      this.backend as unknown as { makeOutput(s: number[], d: string, m: number): TensorInfo }
    ).makeOutput(shape, 'float32', rec.memoryOffset + offset * 4);
  }

  releaseAlias(t: TensorInfo): void {
    const map = this.backend.dataIdMap as unknown as {
      get(d: object): { id: number };
      delete(d: object): boolean;
    };
    const rec = map.get(t.dataId);
    map.delete(t.dataId);
    this.backend.wasm.tfjs.disposeData(rec.id);
  }

  /** A new float32 tensor; its contents are whatever the allocator returned unless `zero`. */
  alloc(shape: number[], zero = false): TensorInfo {
    const out = this.backend.makeOutput(shape, 'float32');
    if (zero) this.view(out).fill(0);
    return out;
  }

  conv2d(
    x: TensorInfo,
    filter: TensorInfo,
    strides: [number, number],
    dilations: [number, number],
    pad:
      'valid' | 'same' | [[number, number], [number, number], [number, number], [number, number]],
  ): TensorInfo {
    return this.call(
      this.stock.conv2d,
      { x, filter },
      {
        strides,
        dilations,
        pad: pad as never,
        dataFormat: 'NHWC',
        dimRoundingMode: undefined as never,
      },
    );
  }

  depthwise(
    x: TensorInfo,
    filter: TensorInfo,
    dilations: [number, number],
    pad: [[number, number], [number, number], [number, number], [number, number]],
  ): TensorInfo {
    return this.call(
      this.stock.depthwiseConv2dNative,
      { x, filter },
      {
        strides: [1, 1],
        dilations,
        pad: pad as never,
        dataFormat: 'NHWC',
        dimRoundingMode: undefined as never,
      },
    );
  }

  /** Plain matmul [.., M, K] x [.., K, N] on the XNNPACK path (no transposes, b unbatched). */
  matMul(a: TensorInfo, b: TensorInfo): TensorInfo {
    return this.call(this.stock.batchMatMul, { a, b }, { transposeA: false, transposeB: false });
  }

  /** The stock BatchMatMul as is (its scalar loop is the fastest for many tiny batches). */
  stockMatMul(a: TensorInfo, b: TensorInfo, transposeA: boolean, transposeB: boolean): TensorInfo {
    return this.call(this.stock.batchMatMul, { a, b }, { transposeA, transposeB });
  }

  transpose(x: TensorInfo, perm: number[]): TensorInfo {
    return this.call(this.stock.transpose, { x }, { perm });
  }

  reshape(x: TensorInfo, shape: number[]): TensorInfo {
    return this.call(this.stock.reshape, { x }, { shape });
  }

  /** a * b elementwise, broadcasting as tfjs does (the stock native Multiply). */
  multiply(a: TensorInfo, b: TensorInfo): TensorInfo {
    return this.call(this.stock.multiply, { a, b }, {});
  }

  /** Sum over the last axis (contiguous rows, the stock native Sum). */
  sumLastAxis(x: TensorInfo): TensorInfo {
    return this.call(this.stock.sum, { x }, { axis: [x.shape.length - 1], keepDims: false });
  }

  /** Zero padding of any rank: paddings[i] = [before, after] for axis i. */
  pad(x: TensorInfo, paddings: [number, number][]): TensorInfo {
    return this.call(this.stock.padV2, { x }, { paddings, constantValue: 0 });
  }

  /** Pads (positive) or crops (negative) the two spatial axes of an NHWC tensor. */
  padOrCrop(x: TensorInfo, top: number, bottom: number, left: number, right: number): TensorInfo {
    const [n, h, w, c] = x.shape as [number, number, number, number];
    let cur = x;
    let owned = false;
    if (top < 0 || bottom < 0 || left < 0 || right < 0) {
      const t0 = Math.max(0, -top);
      const l0 = Math.max(0, -left);
      const hh = h - t0 - Math.max(0, -bottom);
      const ww = w - l0 - Math.max(0, -right);
      if (hh <= 0 || ww <= 0)
        throw new Error(`Tessera wasm ops: crop leaves nothing of [${x.shape}]`);
      cur = this.call(this.stock.slice, { x }, { begin: [0, t0, l0, 0], size: [n, hh, ww, c] });
      owned = true;
    }
    const pt = Math.max(0, top),
      pb = Math.max(0, bottom),
      pl = Math.max(0, left),
      pr = Math.max(0, right);
    if (pt + pb + pl + pr === 0) {
      if (owned) return cur;
      this.backend.incRef(x.dataId);
      return { dataId: x.dataId, shape: x.shape.slice(), dtype: x.dtype };
    }
    const out = this.call(
      this.stock.padV2,
      { x: cur },
      {
        paddings: [
          [0, 0],
          [pt, pb],
          [pl, pr],
          [0, 0],
        ],
        constantValue: 0,
      },
    );
    if (owned) this.free(cur);
    return out;
  }
}
