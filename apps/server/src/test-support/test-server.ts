/** Starts a server on an ephemeral loopback port for one test file; `stop()` must run in afterAll. */
import { PgServer, type PgServerOptions } from '../server.js';
import { EngineBackendFactory } from '../backend/engine-backend.js';

export async function startTestServer(options: Partial<PgServerOptions> = {}): Promise<PgServer> {
  return PgServer.listen({ backends: new EngineBackendFactory(), host: '127.0.0.1', port: 0, ...options });
}
