import { Server, type ServerCredentials } from '@grpc/grpc-js';
import { HealthImplementation } from 'grpc-health-check';
import { SignerServiceService, type SignerServiceServer } from '@ppm/proto';

/** The service name health checks ask about. */
export const SIGNER_SERVICE_NAME = 'ppm.signer.v1.SignerService';

/** A running gRPC server. */
export interface RunningGrpcServer {
  readonly port: number;
  readonly health: HealthImplementation;
  /** Stops intake and waits for in-flight calls, then forces what is left after `graceMs`. */
  stop(graceMs?: number): Promise<void>;
}

// A SignBatch request carries a whole plan: ~2,500 outputs x ~60 bytes per batch, times the batches. 16 MiB
// leaves room for a large plan while bounding what one garbage request can make the server buffer.
const MAX_RECEIVE_BYTES = 16 * 1024 * 1024;

/** Binds the signer service and the standard health service on `host:port` (port 0 picks one). */
export async function startGrpcServer(
  handlers: SignerServiceServer,
  creds: ServerCredentials,
  host: string,
  port: number,
): Promise<RunningGrpcServer> {
  const server = new Server({ 'grpc.max_receive_message_length': MAX_RECEIVE_BYTES });
  server.addService(SignerServiceService, handlers);
  const health = new HealthImplementation({ '': 'SERVING', [SIGNER_SERVICE_NAME]: 'SERVING' });
  health.addToServer(server);
  const bound = await new Promise<number>((resolve, reject) => {
    server.bindAsync(`${host}:${port}`, creds, (err, p) => (err ? reject(err) : resolve(p)));
  });
  return {
    port: bound,
    health,
    async stop(graceMs = 5_000) {
      health.setStatus('', 'NOT_SERVING');
      health.setStatus(SIGNER_SERVICE_NAME, 'NOT_SERVING');
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => { server.forceShutdown(); resolve(); }, graceMs);
        server.tryShutdown(() => { clearTimeout(timer); resolve(); });
      });
    },
  };
}
