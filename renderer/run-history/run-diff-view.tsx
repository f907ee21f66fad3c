// The graph diff of two revisions (core/run-history/graph-diff.ts), as a person reads a review:
// each changed node with its params old -> new, nodes and edges added and removed, modules, and
// the training and preview settings.
import type {
  DocumentDiff,
  EdgeRef,
  GraphDiff,
  NodeRef,
  ValueChange,
} from '../../core/run-history/graph-diff';
import { formatDiffValue } from '../../core/run-history/graph-diff';

/** What the inspector calls a node type's param ("learning rate"), when it names it. */
export type ParamLabel = (nodeType: string, key: string) => string | undefined;

const Change = ({ c, label }: { c: ValueChange; label?: string }) => (
  <li className="diff-change" data-testid="diff-change" data-key={c.key}>
    {label && label !== c.key ? (
      <>
        {label} <span className="mono muted">({c.key})</span>
      </>
    ) : (
      <span className="mono">{c.key}</span>
    )}
    :{' '}
    {c.before === undefined ? (
      <span className="diff-after">added {formatDiffValue(c.after)}</span>
    ) : c.after === undefined ? (
      <span className="diff-before">removed {formatDiffValue(c.before)}</span>
    ) : (
      <>
        <span className="diff-before">{formatDiffValue(c.before)}</span> →{' '}
        <span className="diff-after">{formatDiffValue(c.after)}</span>
      </>
    )}
  </li>
);

const nodeName = (n: NodeRef) => (
  <>
    <b>{n.label}</b>{' '}
    <span className="muted">
      ({n.id}, {n.type})
    </span>
  </>
);

const edgeText = (e: EdgeRef) =>
  `${e.source.label}.${e.source.port} → ${e.target.label}.${e.target.port}`;

const GraphSection = ({ g, paramLabel }: { g: GraphDiff; paramLabel?: ParamLabel }) => (
  <>
    {g.nodes.changed.map((n) => (
      <div key={`c-${n.id}`} className="diff-node" data-testid="diff-node" data-node={n.id}>
        <div>
          <span className="diff-tag changed">changed</span> {nodeName(n)}
        </div>
        <ul>
          {n.typeBefore && <Change c={{ key: 'type', before: n.typeBefore, after: n.type }} />}
          {n.labelBefore !== undefined && (
            <Change c={{ key: 'label', before: n.labelBefore, after: n.label }} />
          )}
          {n.versionBefore !== undefined && (
            <Change c={{ key: 'typeVersion', before: n.versionBefore, after: n.versionAfter }} />
          )}
          {n.params.map((c) => (
            <Change key={c.key} c={c} label={paramLabel?.(n.type, c.key)} />
          ))}
        </ul>
      </div>
    ))}
    {g.nodes.added.map((n) => (
      <div key={`a-${n.id}`} className="diff-node" data-testid="diff-node" data-node={n.id}>
        <span className="diff-tag added">added</span> {nodeName(n)}
      </div>
    ))}
    {g.nodes.removed.map((n) => (
      <div key={`r-${n.id}`} className="diff-node" data-testid="diff-node" data-node={n.id}>
        <span className="diff-tag removed">removed</span> {nodeName(n)}
      </div>
    ))}
    {g.edges.added.map((e) => (
      <div key={`ea-${edgeText(e)}`} className="diff-edge">
        <span className="diff-tag added">edge added</span> {edgeText(e)}
      </div>
    ))}
    {g.edges.removed.map((e) => (
      <div key={`er-${edgeText(e)}`} className="diff-edge">
        <span className="diff-tag removed">edge removed</span> {edgeText(e)}
      </div>
    ))}
  </>
);

export const RunDiffView = ({
  title,
  diff,
  paramLabel,
  onClose,
}: {
  /** "#1 → #2", "#1 → the graph open now". */
  title: string;
  diff: DocumentDiff;
  paramLabel?: ParamLabel;
  onClose(): void;
}) => (
  <section className="run-diff" data-testid="run-diff" aria-label={`Graph diff ${title}`}>
    <header>
      <h4>Graph diff {title}</h4>
      <button onClick={onClose}>Close diff</button>
    </header>
    {diff.same && (
      <div className="muted" data-testid="diff-same">
        Same graph: nothing that changes training differs (positions and names aside).
      </div>
    )}
    <GraphSection g={diff.graph} paramLabel={paramLabel} />
    {diff.modules.added.map((m) => (
      <div key={`ma-${m.id}`} className="diff-node">
        <span className="diff-tag added">module added</span> <b>{m.name}</b>
      </div>
    ))}
    {diff.modules.removed.map((m) => (
      <div key={`mr-${m.id}`} className="diff-node">
        <span className="diff-tag removed">module removed</span> <b>{m.name}</b>
      </div>
    ))}
    {diff.modules.changed.map((m) => (
      <div key={`mc-${m.id}`} className="diff-module" data-testid="diff-module">
        <div>
          <span className="diff-tag changed">module changed</span> <b>{m.name}</b>
          {m.nameBefore && <span className="muted"> (was {m.nameBefore})</span>}
        </div>
        {m.params.length > 0 && (
          <ul>
            {m.params.map((c) => (
              <Change key={c.key} c={c} />
            ))}
          </ul>
        )}
        <div className="diff-inner">
          <GraphSection g={m} paramLabel={paramLabel} />
        </div>
      </div>
    ))}
    {diff.training.length > 0 && (
      <div className="diff-node" data-testid="diff-training">
        <span className="diff-tag changed">training</span>
        <ul>
          {diff.training.map((c) => (
            <Change key={c.key} c={c} />
          ))}
        </ul>
      </div>
    )}
    {diff.previews.length > 0 && (
      <div className="diff-node">
        <span className="diff-tag changed">previews</span>
        <ul>
          {diff.previews.map((c) => (
            <Change key={c.key} c={c} />
          ))}
        </ul>
      </div>
    )}
  </section>
);
