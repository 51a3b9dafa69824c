/** Where the embedded database keeps its files when PGLITE_DIR is not set. */
export const DEFAULT_PGLITE_DIR = './data/pglite';
