// The one typed contract between the UI and the engine. Electron IPC (main/electron), the
// web bridge (main/server) and direct calls (tests, CLI) all speak it. Channels are
// `domain:action`; every invoke takes one payload (or none) validated by the zod schema of
// the same name in contract.schemas.ts, on both shells.
import type { Diagnostic } from '../diagnostics/diagnostic';
import type { ShapeEnv } from '../node-contract/node-definition';
import type { BackendInfo, CheckpointInfo } from './training-messages';
import type { TrainEvent } from './train-event';
import type { MemoryLimit } from '../graph/memory-limit';
import type {
  DatasetChoiceRequest,
  DatasetPreviewRequest,
  DatasetPreviewResult,
} from './dataset-preview';
import type { RunProject, RunRecord, RunSummary } from '../run-history/run-record';

export interface EngineInfo {
  appVersion: string;
  /** Datasets and their shapes, for live shape inference in the renderer. */
  env: ShapeEnv;
  /** The backend training will use, when the engine has picked one. */
  backend?: BackendInfo;
  /** Which shell answers: 'web' or 'electron'. */
  shell: 'web' | 'electron';
  /** The memory a training run may use (the machine's): the editor warns when the estimate exceeds it. */
  memoryLimit?: MemoryLimit;
}

/** The paper a template follows: "Authors, Title, Venue Year" and a link the desktop shell may open. */
export interface TemplatePaper {
  citation: string;
  url: string;
}

/** A template's top-level graph as laid out on the canvas: what the gallery draws as a thumbnail. */
export interface TemplateOutline {
  /** Top-level nodes: type id and canvas position (top-left corner). */
  nodes: { id: string; type: string; x: number; y: number }[];
  /** Top-level edges, source node id to target node id. */
  edges: { from: string; to: string }[];
}

export interface TemplateSummary {
  id: string;
  name: string;
  description: string;
  /** The model family the gallery groups it under ("GAN", "Diffusion", ...); "Other" when unknown. */
  family: string;
  paper?: TemplatePaper;
  outline: TemplateOutline;
  /** Nodes at the top level and inside its modules, and its modules. */
  nodeCount: number;
  moduleCount: number;
  /** templates:results has a sample image of its trained results (docs/results). */
  hasResults: boolean;
}

/** A sample grid of a template's trained results (templates:results). */
export interface TemplateResults {
  /** The PNG as a data: URL (the CSP allows data: images). */
  image: string;
  width: number;
  height: number;
  /** What the image shows, and how it was made. */
  caption: string;
  /** Where it lies in the repository, e.g. docs/results/gan-dcgan.png. */
  source: string;
}

/**
 * A block (templates/blocks/<id>.json): a document holding one module built from primitives,
 * offered in the palette's Blocks group; dropping it inserts the module and an instance.
 */
export interface BlockSummary {
  id: string;
  /** The module's name. */
  title: string;
  /** The module's doc. */
  doc: string;
  /** The block document (the renderer runs loadDocument on it). */
  content: unknown;
}

/** A file read from disk: its parsed JSON (or undefined) and the problems found reading it. */
export interface OpenedFile {
  path: string;
  /** Parsed JSON; the renderer runs loadDocument on it (the engine does again before training). */
  content?: unknown;
  diagnostics: Diagnostic[];
}

export interface SaveRequest {
  path: string;
  document: unknown;
}

/** What project:save answers: the file written, or why nothing was (the file on disk unchanged). */
export interface SaveResult {
  /** The file written (absolute, its real path); absent when nothing was written. */
  path?: string;
  diagnostics: Diagnostic[];
}

/** What the UI does with a file it asks the main side to choose (main/files/file-policy.ts). */
export type FileAction = 'open' | 'save' | 'export';

export interface FileChoiceRequest {
  action: FileAction;
  /**
   * Electron: the path the native dialog starts at. Web shell: the path the user chose in the
   * in-app dialog. Either way the main side grants the chosen path for this one action.
   */
  path?: string;
}

export interface FileChoice {
  /** The chosen file (real path), granted once for the action; absent when cancelled or refused. */
  path?: string;
  /** The user closed the dialog without choosing. */
  cancelled?: boolean;
  diagnostics: Diagnostic[];
}

export interface ProjectListing {
  dir: string;
  files: string[];
}

export interface TrainStartRequest {
  document: unknown;
  /** Override the total steps (tests and quick looks). */
  steps?: number;
  backend?: string;
  resumeFrom?: string;
  /** The open project's file, when saved: the run history files the run under it (a label, never opened). */
  projectPath?: string;
}

export interface RunRef {
  runId: string;
}

export interface ExportResult {
  /** The standalone TypeScript program; absent when the exporter is not available or failed. */
  source?: string;
  diagnostics: Diagnostic[];
}

export interface SaveExportRequest {
  document: unknown;
  /** The program file to write (…/name.ts); its support folder name.lib/ goes beside it. Inside the projects folder, or chosen with files:choose. */
  path: string;
}

export interface SaveExportResult {
  /** The program file written (absolute); absent when nothing was written. */
  path?: string;
  /** How many files were written (the program and its support folder). */
  files: number;
  diagnostics: Diagnostic[];
}

/** What the UI remembers between reloads and restarts: the open project and how it was viewed. */
export interface WorkspaceState {
  /** The open project's file (absolute), when it has been saved or opened. */
  path?: string;
  /** The graph on the canvas: '' the project's top level, else the module being edited. */
  scope: string;
  /** The canvas viewport (React Flow's pan and zoom). */
  viewport?: { x: number; y: number; zoom: number };
}

/** The unsaved state of one open document, for the recovery journal (recovery:write). */
export interface RecoveryWriteRequest {
  /** The open document's journal id (the renderer makes one per opened document). */
  id: string;
  /** The project file it belongs to; absent for an untitled document. */
  path?: string;
  document: unknown;
}

/** Unsaved work a previous run left in the recovery journal (recovery:list). */
export interface RecoveryEntry {
  id: string;
  /** The project file the work belongs to; absent for an untitled document. */
  path?: string;
  /** The document's name, as it was. */
  name: string;
  /** When the journal was last written (ISO 8601): the time of the recovered state. */
  savedAt: string;
  /** When the unsaved editing began (ISO 8601). */
  editingSince: string;
  /** The file on disk is not what it was when the editing began (saved elsewhere, replaced, deleted). */
  diskChanged: boolean;
  /** The document as it was last journaled; the renderer runs loadDocument on it. */
  document: unknown;
}

/** One custom-code node of a document and whether its code is trusted on this machine (main/trust). */
export interface CustomCodeStatus {
  nodeId: string;
  /** The module holding the node; absent at the top level. */
  moduleId?: string;
  /** What trust is recorded under: 'n3', or 'moduleId/n3' inside a module. */
  trustId: string;
  /** The node's label, else its id. */
  name: string;
  /** The code's sha256 with the node id: what a grant records. */
  hash: string;
  trusted: boolean;
}

/** Trust one node's code (the main process hashes and records it; the project file never holds trust). */
export interface TrustGrantRequest {
  trustId: string;
  code: string;
  /** The project file the code came from, recorded for the user's information. */
  path?: string;
  /** 'reviewed': the user read code from a file and pressed Trust; 'authored': they wrote it in the studio. */
  how: 'reviewed' | 'authored';
}

/** Which project's run history runs:list answers: its file once saved, else its name (an untitled project). */
export type RunListRequest = RunProject;

/** May the open document resume from one checkpoint of a run in the history? */
export interface ResumeCheckRequest {
  runId: string;
  /** One of that run's checkpoints (its manifest path, as the record lists it). */
  checkpoint: string;
  /** The document to resume with (the one open now). */
  document: unknown;
}

/** ok: the checkpoint fits the document; else why not and the fix (main/engine/train/checkpoint-check.ts). */
export type ResumeCheckResult = { ok: true } | { ok: false; message: string };

/** Request -> response channels. Each takes at most one payload. */
export interface Invoke {
  'engine:info': () => EngineInfo;
  'templates:list': () => TemplateSummary[];
  'templates:get': (id: string) => OpenedFile;
  /** The template's results image (a fixed file per template id), or null when it has none. */
  'templates:results': (id: string) => TemplateResults | null;
  'blocks:list': () => BlockSummary[];
  'project:open': (path: string) => OpenedFile;
  'project:save': (request: SaveRequest) => SaveResult;
  'project:recent': () => string[];
  'project:list': () => ProjectListing;
  /**
   * A file dialog owned by the main process (native in Electron; the web shell grants what its
   * in-app dialog chose): the one way to name a file outside the projects folder.
   */
  'files:choose': (request: FileChoiceRequest) => FileChoice;
  /** The workspace the previous session left (as it was when this shell started), or null. */
  'workspace:get': () => WorkspaceState | null;
  /** Remembers the workspace for the next start. */
  'workspace:set': (state: WorkspaceState) => void;
  'train:start': (request: TrainStartRequest) => RunRef;
  'train:pause': (run: RunRef) => void;
  'train:resume': (run: RunRef) => void;
  'train:stop': (run: RunRef) => void;
  'train:checkpoints': (run: RunRef) => CheckpointInfo[];
  /** The project's run history, oldest first, read from disk (each run's record without its document). */
  'runs:list': (request: RunListRequest) => RunSummary[];
  /** One run's whole record, the document it trained included (for a graph diff). */
  'runs:get': (run: RunRef) => RunRecord;
  /** Checks a run's checkpoint against a document before resuming from it (nothing starts). */
  'runs:checkResume': (request: ResumeCheckRequest) => ResumeCheckResult;
  /** Hook for the exporter (core/codegen): the document as a standalone TypeScript program. */
  'code:exportTypeScript': (request: { document: unknown }) => ExportResult;
  /** Writes the export (program + support folder) to disk; problems come back as diagnostics. */
  'code:saveExport': (request: SaveExportRequest) => SaveExportResult;
  /** Journals an open document's unsaved state (written within 2 s; never the project file). */
  'recovery:write': (request: RecoveryWriteRequest) => void;
  /** The unsaved work an earlier run left in the journal, newest first. */
  'recovery:list': () => RecoveryEntry[];
  /** Removes a journal entry (saved, discarded, or closed without saving). */
  'recovery:discard': (request: { id: string }) => void;
  /** Which custom code of the document is trusted on this machine (read from the trust store, never the file). */
  'trust:status': (request: { document: unknown }) => CustomCodeStatus[];
  /** Records trust in one node's code; returns the hash recorded. */
  'trust:grant': (request: TrustGrantRequest) => { hash: string };
  /** A few samples of a dataset node, for the inspector (its folder or file through the dataset policy). */
  'datasets:preview': (request: DatasetPreviewRequest) => DatasetPreviewResult;
  /** Chooses an image folder or text file (native dialog in Electron) and lets the app read it. */
  'datasets:choose': (request: DatasetChoiceRequest) => FileChoice;
}

/** What the desktop shell's application menu asks the UI to do. */
export type MenuCommand = 'new' | 'open' | 'save' | 'saveAs' | 'makeModule' | 'help';

/** Engine -> UI events. */
export interface Events {
  'train:event': [TrainEvent];
  'menu:command': [MenuCommand];
}

export type InvokeChannel = keyof Invoke;
export type EventChannel = keyof Events;
export type PayloadOf<K extends InvokeChannel> =
  Parameters<Invoke[K]> extends [infer P] ? P : undefined;
export type ResultOf<K extends InvokeChannel> = ReturnType<Invoke[K]>;

/** What a shell implements: one async handler per channel (missing one fails to compile via `satisfies`). */
export type InvokeHandlers = {
  [K in InvokeChannel]: (payload: PayloadOf<K>) => Promise<ResultOf<K>>;
};

/** What the renderer holds: the same channels as async calls, and event subscription. */
export interface Bridge {
  invoke<K extends InvokeChannel>(
    channel: K,
    ...payload: Parameters<Invoke[K]>
  ): Promise<ResultOf<K>>;
  on<E extends EventChannel>(event: E, listener: (...args: Events[E]) => void): () => void;
}

/** Every invoke channel, in one list (the preload exposes exactly these). */
export const invokeChannels = [
  'engine:info',
  'templates:list',
  'templates:get',
  'templates:results',
  'blocks:list',
  'project:open',
  'project:save',
  'project:recent',
  'project:list',
  'files:choose',
  'workspace:get',
  'workspace:set',
  'train:start',
  'train:pause',
  'train:resume',
  'train:stop',
  'train:checkpoints',
  'runs:list',
  'runs:get',
  'runs:checkResume',
  'code:exportTypeScript',
  'code:saveExport',
  'recovery:write',
  'recovery:list',
  'recovery:discard',
  'trust:status',
  'trust:grant',
  'datasets:preview',
  'datasets:choose',
] as const satisfies readonly InvokeChannel[];

export const eventChannels = [
  'train:event',
  'menu:command',
] as const satisfies readonly EventChannel[];

// Compile-time check that the list names every channel.
type Missing = Exclude<InvokeChannel, (typeof invokeChannels)[number]>;
export const allChannelsListed: Missing extends never ? true : never = true;
