/** Raised by a spec's decompress when its output passed `maxOutput`; defineCodec reports the sizes. */
export class OutputTooLarge extends Error {}
