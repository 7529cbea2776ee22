/**
 * Whether a port on 127.0.0.1 is taken, checked before a service starts: a host-networked
 * service would otherwise exit on its own, or worse, the readiness probe would be
 * answered by whatever program holds the port.
 */
import { createServer } from 'node:net';

export function portInUse(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE' || error.code === 'EACCES') resolve(true);
      else reject(error);
    });
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve(false)));
  });
}
