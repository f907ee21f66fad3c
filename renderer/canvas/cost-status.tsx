// The cost totals of the graph on the canvas (the program, or one call of the open module), in a
// small status box at the canvas's bottom left: "13.3k+? params · 706k+? MACs/example · ...", then
// at the top level the run's memory estimate ("training ≈ 2.4 MiB"), and a warning line when it
// exceeds the memory the engine reports.
import type { CostTotals } from '../../core/graph/ir';
import type { MemoryEstimate } from '../../core/graph/memory-estimate';
import type { MemoryLimit } from '../../core/graph/memory-limit';
import { totalsLine, totalsTitle } from '../model/cost-format';
import { memoryWarning, runMemoryLine, runMemoryTitle } from '../inspector/memory-format';

export const CostStatus = ({
  totals,
  scope,
  memory,
  memoryLimit,
}: {
  totals?: CostTotals;
  scope?: string;
  memory?: MemoryEstimate;
  memoryLimit?: MemoryLimit;
}) => {
  if (!totals) return null;
  const warning = memory ? memoryWarning(memory, memoryLimit) : undefined;
  return (
    <div className="cost-status" title={totalsTitle(totals)} data-testid="cost-status">
      {scope ? <span className="muted">{scope}: </span> : null}
      {totalsLine(totals)}
      {memory ? (
        <span title={runMemoryTitle(memory)} data-testid="memory-status">
          {' · '}
          {runMemoryLine(memory)}
        </span>
      ) : null}
      {warning ? (
        <div className="sev-warning" title={warning} data-testid="memory-warning">
          {warning}
        </div>
      ) : null}
    </div>
  );
};
