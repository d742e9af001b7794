// @renovate/pep440 ships no types; only the functions the engine uses are declared.
declare module '@renovate/pep440' {
  export interface Pep440Explanation {
    is_prerelease: boolean;
    is_postrelease: boolean;
    is_devrelease: boolean;
  }
  export function valid(version: string): string | null;
  export function clean(version: string): string | null;
  export function explain(version: string): Pep440Explanation | null;
  export function major(version: string): number;
  export function minor(version: string): number;
  export function patch(version: string): number;
}
