/** What clients see as server_version: PostgreSQL 15 compatibility (drivers parse the leading number). */
export const SERVER_VERSION = '15.0 (HeliosDB Nano)';
