/** A layer entry that would write outside the target directory: the unpack stops and names the entry. */
export class UnsafeEntryError extends Error {
  constructor(
    readonly entry: string,
    readonly reason: string,
  ) {
    super(`refusing layer entry "${entry}": ${reason}`);
    this.name = 'UnsafeEntryError';
  }
}
