// One template in the gallery: its graph and results thumbnails, name, family, a clamped
// description (the full one on hover and in Details), and its actions. The card drags onto the
// canvas to insert the template's nodes.
import { templateDragMime } from '../canvas/canvas';
import type { Bridge, TemplateSummary } from '../../core/ipc/contract';
import { GraphThumbnailView } from './graph-thumbnail-view';
import { useTemplateResults } from './use-template-results';

export const graphLabel = (t: TemplateSummary): string =>
  `Graph of ${t.name}: ${t.outline.nodes.length} nodes, ${t.outline.edges.length} edges`;

export const TemplateCard = ({
  template: t,
  bridge,
  categoryOf,
  onOpen,
  onDetails,
}: {
  template: TemplateSummary;
  bridge: Bridge;
  categoryOf: (typeId: string) => string | undefined;
  onOpen(): void;
  onDetails(opener: HTMLElement): void;
}) => {
  const results = useTemplateResults(bridge, t.id, t.hasResults);
  const nameId = `template-name-${t.id}`;
  return (
    <article
      className="template-card"
      draggable
      data-template-id={t.id}
      aria-labelledby={nameId}
      onDragStart={(e) => {
        e.dataTransfer.setData(templateDragMime, t.id);
        e.dataTransfer.effectAllowed = 'copy';
      }}
      title={`${t.description}\n\nDrag onto the canvas to insert its nodes, or open it as a new project.`}
    >
      <div className={`template-thumbs${results ? ' with-results' : ''}`}>
        {results && (
          <img
            className="template-results-thumb"
            src={results.image}
            width={results.width}
            height={results.height}
            alt={`Results of ${t.name}: ${results.caption}`}
            draggable={false}
          />
        )}
        <GraphThumbnailView
          outline={t.outline}
          categoryOf={categoryOf}
          label={graphLabel(t)}
          className="template-graph-thumb"
        />
      </div>
      <div className="template-name" id={nameId}>
        {t.name}
      </div>
      <div className="template-meta">
        <span className="template-family">{t.family}</span>
        <span className="muted"> · {t.nodeCount} nodes</span>
      </div>
      <div className="template-desc">{t.description}</div>
      <div className="template-actions">
        <button onClick={onOpen}>Open as new project</button>
        <button
          aria-haspopup="dialog"
          aria-label={`Details of ${t.name}`}
          onClick={(e) => onDetails(e.currentTarget)}
        >
          Details
        </button>
      </div>
    </article>
  );
};
