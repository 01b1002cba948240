// Types for scripts/check-cycles.mjs, which the tests import.
export interface FolderKnot {
  /** The folder whose direct files and subfolders loop ('.' for the root). */
  at: string;
  /** The files (`a.ts`) and subfolders (`b/`) in the loop, sorted. */
  knot: string[];
}
export declare function folderKnots(graph: Record<string, string[]>): FolderKnot[];
export declare function importCycles(srcDir?: string, tsConfig?: string): Promise<{ files: string[][]; folders: FolderKnot[]; count: number }>;
