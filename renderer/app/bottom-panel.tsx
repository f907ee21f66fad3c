// The bottom panel: Problems, Training, Runs and Code tabs, its splitter, and the buttons that collapse
// it to its tab strip or let it take the whole window (the training view).
import { CodePanel } from '../code/code-panel';
import { ProblemsPanel } from '../problems/problems-panel';
import { TrainingPanel } from '../training/training-panel';
import { RunsPanel } from '../run-history/runs-panel';
import { PanelSplitter } from './panel-splitter';
import type { PanelLayoutControls } from './use-panel-layout';

export type BottomTab = 'problems' | 'training' | 'runs' | 'code';

export const BottomPanel = ({
  tab,
  onTab,
  errors,
  warnings,
  panels,
}: {
  tab: BottomTab;
  onTab: (t: BottomTab) => void;
  errors: number;
  warnings: number;
  panels: PanelLayoutControls;
}) => {
  const { layout, sizes } = panels;
  const collapsed = layout.collapsed.bottom;
  const show = (t: BottomTab) => {
    onTab(t);
    if (collapsed) panels.toggle('bottom');
  };
  return (
    <section className="bottom" data-testid="bottom-panel">
      {!layout.maximized && (
        <PanelSplitter
          side="bottom"
          size={sizes.bottom}
          onResize={(s) => panels.resize('bottom', s)}
          onToggle={() => panels.toggle('bottom')}
        />
      )}
      <div className="tabs">
        <button className={tab === 'problems' ? 'on' : ''} onClick={() => show('problems')}>
          Problems{' '}
          {errors + warnings > 0 && (
            <span className={errors ? 'count err' : 'count warn'}>{errors + warnings}</span>
          )}
        </button>
        <button className={tab === 'training' ? 'on' : ''} onClick={() => show('training')}>
          Training
        </button>
        <button className={tab === 'runs' ? 'on' : ''} onClick={() => show('runs')}>
          Runs
        </button>
        <button className={tab === 'code' ? 'on' : ''} onClick={() => show('code')}>
          Code
        </button>
        <span className="spacer" />
        <button
          className="panel-button"
          onClick={panels.toggleMaximized}
          aria-pressed={layout.maximized}
          title={
            layout.maximized
              ? 'Restore the canvas and the side panels'
              : 'Give this panel the whole window (training view)'
          }
          data-testid="maximize-bottom"
        >
          {layout.maximized ? '⤡ Restore' : '⤢ Full window'}
        </button>
        <button
          className="panel-button"
          onClick={() => panels.toggle('bottom')}
          aria-expanded={!collapsed}
          title={collapsed ? 'Expand the panel' : 'Collapse the panel to its tabs'}
          data-testid="collapse-bottom"
        >
          {collapsed ? '▴' : '▾'}
        </button>
      </div>
      <div className="panel" hidden={collapsed || tab !== 'problems'}>
        <ProblemsPanel />
      </div>
      <div className="panel" hidden={collapsed || tab !== 'training'}>
        <TrainingPanel />
      </div>
      <div className="panel" hidden={collapsed || tab !== 'runs'}>
        <RunsPanel onShowTraining={() => show('training')} />
      </div>
      <div className="panel" hidden={collapsed || tab !== 'code'}>
        <CodePanel visible={!collapsed && tab === 'code'} />
      </div>
    </section>
  );
};
