/** Written into each segment's tool_version unless the caller passes its own. */
export const TOOL_VERSION = '@heliosdb/dump-format 0.1.0';
