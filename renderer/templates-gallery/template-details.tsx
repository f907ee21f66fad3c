// A template's details: a modal dialog with its graph and results large, the full description,
// family, paper link, node and parameter counts, and "Open as new project". Escape or Close
// returns focus to the Details button that opened it; Tab stays inside the dialog.
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { createPortal } from 'react-dom';
import type { Bridge, TemplateSummary } from '../../core/ipc/contract';
import type { NodeRegistry, ShapeEnv } from '../../core/node-contract/node-definition';
import { GraphThumbnailView } from './graph-thumbnail-view';
import { graphLabel } from './template-card';
import { paramsLine, templateParams, type TemplateParams } from './template-params';
import { useTemplateResults } from './use-template-results';

const focusable = (root: HTMLElement): HTMLElement[] =>
  [...root.querySelectorAll<HTMLElement>('a[href], button:not([disabled])')].filter(
    (el) => el.tabIndex >= 0,
  );

/** The parameter count, from the template's document (undefined while counting; null: unknown). */
const useTemplateParams = (
  bridge: Bridge,
  id: string,
  registry: NodeRegistry,
  env: ShapeEnv,
): TemplateParams | null | undefined => {
  const [p, setP] = useState<TemplateParams | null | undefined>();
  useEffect(() => {
    let live = true;
    void bridge.invoke('templates:get', id).then(
      (opened) => live && setP(templateParams(opened.content, registry, env) ?? null),
      () => live && setP(null),
    );
    return () => {
      live = false;
    };
  }, [bridge, id, registry, env]);
  return p;
};

export const TemplateDetails = ({
  template: t,
  bridge,
  registry,
  env,
  onOpen,
  onClose,
}: {
  template: TemplateSummary;
  bridge: Bridge;
  registry: NodeRegistry;
  env: ShapeEnv;
  onOpen(): void;
  onClose(): void;
}) => {
  const dialog = useRef<HTMLDivElement>(null);
  const results = useTemplateResults(bridge, t.id, t.hasResults);
  const params = useTemplateParams(bridge, t.id, registry, env);
  const categoryOf = (type: string) => registry.get(type)?.category;
  useEffect(() => dialog.current?.focus(), []);
  const titleId = `template-details-title-${t.id}`;
  const onKeyDown = (e: KeyboardEvent) => {
    // The studio's shortcuts (Delete, Ctrl+Z, ...) do not act on the canvas behind a dialog.
    e.stopPropagation();
    if (e.key === 'Escape') {
      e.preventDefault();
      onClose();
      return;
    }
    if (e.key !== 'Tab' || !dialog.current) return;
    const list = focusable(dialog.current);
    const first = list[0];
    const last = list[list.length - 1];
    if (!first || !last) return;
    const active = document.activeElement;
    if (e.shiftKey && (active === first || active === dialog.current)) {
      e.preventDefault();
      last.focus();
    } else if (!e.shiftKey && active === last) {
      e.preventDefault();
      first.focus();
    }
  };
  const top = t.outline.nodes.length;
  const counts = [
    top === t.nodeCount ? `${top} nodes` : `${top} nodes at the top level, ${t.nodeCount} in all`,
    ...(t.moduleCount > 0 ? [`${t.moduleCount} module${t.moduleCount === 1 ? '' : 's'}`] : []),
  ].join(' · ');
  return createPortal(
    <div
      className="modal-backdrop template-details-backdrop"
      onMouseDown={(e) => e.target === e.currentTarget && onClose()}
      onKeyDown={onKeyDown}
    >
      <div
        ref={dialog}
        className="modal template-details"
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        tabIndex={-1}
      >
        <h3 id={titleId}>{t.name}</h3>
        <div className="template-details-meta">
          <span className="template-family">{t.family}</span>
          {t.paper && (
            <span className="template-paper">
              Paper:{' '}
              <a href={t.paper.url} target="_blank" rel="noreferrer noopener">
                {t.paper.citation}
              </a>
            </span>
          )}
        </div>
        <div className={`template-details-figures${results ? ' with-results' : ''}`}>
          <figure>
            <GraphThumbnailView
              outline={t.outline}
              categoryOf={categoryOf}
              label={graphLabel(t)}
              className="template-details-graph"
            />
            <figcaption>The graph as it opens on the canvas, coloured by node category.</figcaption>
          </figure>
          {results && (
            <figure>
              <img
                className={`template-details-results${results.width <= 700 ? ' pixelated' : ''}`}
                src={results.image}
                width={results.width}
                height={results.height}
                alt={`Results of ${t.name}: ${results.caption}`}
              />
              <figcaption>
                {results.caption} <span className="muted">({results.source})</span>
              </figcaption>
            </figure>
          )}
        </div>
        <p className="template-details-counts" data-testid="template-counts">
          {counts}
          {' · '}
          {params === undefined ? (
            <span className="muted">counting parameters…</span>
          ) : params === null ? (
            <span className="muted">parameter count unknown until the model is built</span>
          ) : (
            <span
              title={
                params.exact
                  ? 'Trainable parameters (shared weights counted once)'
                  : `Not counted: ${params.uncounted.join(', ')}`
              }
            >
              {paramsLine(params)}
            </span>
          )}
        </p>
        <p className="template-details-desc">{t.description}</p>
        <div className="template-details-actions">
          <button className="primary" onClick={onOpen}>
            Open as new project
          </button>
          <button onClick={onClose}>Close</button>
        </div>
      </div>
    </div>,
    document.body,
  );
};
