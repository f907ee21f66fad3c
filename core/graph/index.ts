// The compiler front: lowering a document to the IR and the passes that check and annotate it.
export * from './ir';
export { compileDocument, compileLoaded, compilerPasses, type CompileResult } from './compile';
export { canConnect, type ConnectVerdict } from './can-connect';
export { lower } from './lower';
export { resolvePorts, portsOfModule } from './ports';
export { portMismatch, typesAgree } from './type-agreement';
export { topologicalOrder } from './topo';
export * from './module-types';
export type { CompilerPass, PassContext, GraphScope } from './pass-context';
