// The shortcuts help overlay (press ?).
import { shortcuts } from './shortcuts';

export const HelpOverlay = ({ onClose }: { onClose(): void }) => (
  <div className="modal-backdrop" onMouseDown={onClose}>
    <div className="modal help" role="dialog" aria-label="Keyboard shortcuts">
      <h3>Keyboard shortcuts</h3>
      <table>
        <tbody>
          {shortcuts.map((s) => (
            <tr key={s.action}>
              <td>
                <kbd>{s.keys}</kbd>
              </td>
              <td>{s.label}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="muted">
        Drag from a socket to another to connect; the shape on each edge updates as you edit.
      </p>
    </div>
  </div>
);
