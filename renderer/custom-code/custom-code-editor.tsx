// Monaco for a custom layer's TypeScript (loaded lazily, from the local monaco-editor package):
// read-only while the code is untrusted. The names the code may use without importing them
// (TF, Tensor, Weights, ForwardContext) are declared for the editor's checks.
import { Editor } from '@monaco-editor/react';
import * as monaco from 'monaco-editor';
import '../code/monaco-setup';

const CUSTOM_CODE_GLOBALS = `
/** TensorFlow.js (the engine's tf). */
declare type TF = any;
declare type Tensor = { readonly shape: number[]; readonly dtype: string; readonly rank: number; [member: string]: any };
/** The weights declared on the node, by name. */
declare type Weights = Readonly<Record<string, Tensor>>;
declare type ForwardContext = { training: boolean; step: number };
`;
monaco.typescript.typescriptDefaults.addExtraLib(
  CUSTOM_CODE_GLOBALS,
  'file:///tessera-custom-code.d.ts',
);

export const CustomCodeEditor = ({
  value,
  readOnly,
  onChange,
}: {
  value: string;
  readOnly: boolean;
  onChange(code: string): void;
}) => (
  <Editor
    height="260px"
    language="typescript"
    value={value}
    theme="vs-dark"
    onChange={(v) => {
      if (!readOnly && v !== undefined) onChange(v);
    }}
    options={{
      readOnly,
      minimap: { enabled: false },
      fontSize: 12,
      scrollBeyondLastLine: false,
      automaticLayout: true,
      lineNumbers: 'on',
    }}
  />
);
