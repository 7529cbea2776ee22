/** Shipments to Loki kept live from ship events, and where shipping would go. */
import { useCallback, useEffect, useState } from 'react';
import type { FileShipment, ShipTarget } from '../../src-shared/api.js';
import { useApi } from './api-context.js';
import { useToast } from './toasts.js';

/** The latest shipment of each stored file, by file id. */
export function useShipments(): Map<number, FileShipment> {
  const api = useApi();
  const toast = useToast();
  const [shipments, setShipments] = useState(new Map<number, FileShipment>());

  useEffect(() => {
    const put = (s: FileShipment) => setShipments((all) => new Map(all).set(s.fileId, s));
    api.listShipments().then(
      (list) => setShipments(new Map(list.map((s) => [s.fileId, s]))),
      (err: unknown) => toast.error(err, 'cannot list the shipments'),
    );
    return api.onShipEvent(({ shipment }) => {
      put(shipment);
      if (shipment.state === 'failed') {
        toast.error(shipment.error ?? 'no reason given', `shipping file ${shipment.fileId} failed`);
      }
    });
  }, [api, toast]);
  return shipments;
}

/**
 * Where a shipment would go, asked again whenever Loki's state changes (the stack's Loki
 * is the target when `maclog serve` was given none).
 */
export function useShipTarget(): ShipTarget | null {
  const api = useApi();
  const [target, setTarget] = useState<ShipTarget | null>(null);
  const reload = useCallback(() => {
    api.getShipTarget().then(setTarget, (err: unknown) => {
      const cause = err instanceof Error ? err.message : String(err);
      setTarget({ url: null, source: null, reason: `cannot tell where to ship: ${cause}` });
    });
  }, [api]);

  useEffect(() => {
    reload();
    return api.onStackEvent((event) => {
      if (event.service === 'loki' && event.state !== 'pulling') reload();
    });
  }, [api, reload]);
  return target;
}
