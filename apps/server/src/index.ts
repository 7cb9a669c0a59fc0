export { PgServer, ServerStartError, type PgServerOptions } from './server.js';
export { Connection, type ConnectionConfig } from './connection.js';
export { UserStore, AUTH_METHODS, type AuthMethod } from './auth/users.js';
export { scramVerifier, formatScramVerifier, parseScramVerifier } from './auth/scram.js';
export { md5Stored } from './auth/md5.js';
export { EngineBackendFactory } from './backend/engine-backend.js';
export { BackendError } from './backend/backend-error.js';
export type { BackendFactory, SessionBackend, SessionOptions, StatementResult, StatementDescription, BoundParam, ResultField } from './backend/session-backend.js';
export { startServer, type StartOptions, type RunningServer } from './start.js';
