// End to end: the bench models train on wasm's single thread exactly as on the cpu reference.
import { describeWasmMatchesCpu } from './training-e2e.cases';

describeWasmMatchesCpu(1);
