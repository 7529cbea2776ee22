/**
 * Shipping one stored file to Loki: the button (disabled, with the reason, when there is
 * nowhere to ship), the shipment's progress bar, and what Loki made of it. A user who may
 * not ship (a viewer) sees the shipment without the button.
 */
import type { FileShipment, ShipTarget } from '../../../src-shared/api.js';

interface Props {
  /** The file's name, for the labels. */
  name: string;
  shipment: FileShipment | null;
  target: ShipTarget | null;
  /** Absent for a user who may not ship. */
  onShip?: (again: boolean) => void;
}

function buttonLabel(shipment: FileShipment | null): string {
  if (!shipment) return 'Ship to Loki';
  if (shipment.state === 'done') return 'Ship again';
  if (shipment.state === 'running') return 'Shipping…';
  return 'Resume shipping';
}

export function ShipBar({ name, shipment, target, onShip }: Props) {
  const running = shipment?.state === 'running';
  const reason = target && !target.url ? target.reason : null;
  const disabled = running || !target?.url;
  if (!onShip && !shipment) return null;

  return (
    <div className="ship" aria-label={`shipping of ${name}`}>
      {onShip && (
        <div className="ship-head">
          <button
            type="button"
            disabled={disabled}
            title={reason ?? target?.url ?? undefined}
            onClick={() => onShip(shipment?.state === 'done')}
          >
            {buttonLabel(shipment)}
          </button>
          {reason && <span className="ship-reason">{reason}</span>}
        </div>
      )}
      {shipment && <ShipProgress name={name} shipment={shipment} />}
    </div>
  );
}

function ShipProgress({ name, shipment: s }: { name: string; shipment: FileShipment }) {
  const percent = s.entriesTotal > 0 ? Math.round((100 * s.entriesDone) / s.entriesTotal) : 0;
  const reasons = Object.entries(s.rejectedByReason);
  return (
    <>
      <progress max={100} value={percent} aria-label={`ship progress of ${name}`} />
      <div className="ship-outcome">
        <span>
          ship {percent}% · {s.state}
        </span>
        <span>
          {s.entriesDone} of {s.entriesTotal} lines sent, {s.accepted} kept, {s.rejected} rejected
        </span>
      </div>
      {reasons.length > 0 && (
        <ul className="ship-rejected" aria-label="rejected by reason">
          {reasons.map(([reason, n]) => (
            <li key={reason}>
              {n} × {reason}
            </li>
          ))}
        </ul>
      )}
      {s.error && <div className="job-error">{s.error}</div>}
    </>
  );
}
