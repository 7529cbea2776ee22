/**
 * The shipping operations of src-shared/api.ts over HTTP: where shipping goes, the
 * shipments, and shipping one stored file.
 */
import type { FastifyInstance } from 'fastify';
import { ShipFileArgs, validate, type ShipTarget } from '../../src-shared/api.js';
import { requireShip } from '../accounts/permissions.js';
import { numbers, signedInUser } from './api-routes.js';
import type { ShipRunner } from './ship-runner.js';

export function shipRoutes(
  app: FastifyInstance,
  ships: ShipRunner,
  target: () => Promise<ShipTarget>,
): void {
  app.get('/api/ship-target', () => target());

  app.get('/api/shipments', () => ships.list());

  app.post('/api/files/:fileId/ship', async (request, reply) => {
    requireShip(signedInUser(request));
    const body = (request.body ?? {}) as Record<string, unknown>;
    const args = validate(ShipFileArgs, { ...body, ...numbers(request.params) });
    const shipment = await ships.ship(args.fileId, args.again ?? false);
    return reply.code(202).send(shipment);
  });
}
