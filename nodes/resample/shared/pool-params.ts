// Params of AvgPool and MaxPool, shared by their layer files (no runtime imports: the exporter
// copies layer files and their relative imports verbatim).

export interface PoolParams {
  size: number;
  stride: number;
  padding: string;
}

/** The stride actually used: 0 means the window size. */
export const poolStride = (p: PoolParams): number => (p.stride === 0 ? p.size : p.stride);
