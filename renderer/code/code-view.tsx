// The Monaco editor itself (loaded lazily: it is the biggest part of the UI).
import { Editor } from '@monaco-editor/react';
import './monaco-setup';

export const CodeView = ({
  language,
  value,
}: {
  language: 'json' | 'typescript';
  value: string;
}) => (
  <Editor
    height="100%"
    language={language}
    value={value}
    theme="vs-dark"
    options={{
      readOnly: true,
      minimap: { enabled: false },
      fontSize: 12,
      scrollBeyondLastLine: false,
      automaticLayout: true,
    }}
  />
);
