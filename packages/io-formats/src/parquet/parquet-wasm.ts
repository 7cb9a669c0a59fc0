import { createRequire } from 'node:module';

type ParquetWasm = typeof import('parquet-wasm');

let loaded: ParquetWasm | undefined;

/**
 * parquet-wasm (arrow-rs's Parquet reader and writer compiled to WebAssembly), loaded on first use: its Node build
 * compiles a 5 MB module when required, which the other formats should not pay for.
 */
export async function parquetWasm(): Promise<ParquetWasm> {
  loaded ??= createRequire(import.meta.url)('parquet-wasm') as ParquetWasm;
  return loaded;
}
