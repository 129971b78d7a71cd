/**
 * A string → small integer table that can be probed with a slice of a larger text (start, end and
 * the slice's hash), so the matcher looks a post's words up without creating a string per word.
 * Open addressing with linear probing over typed arrays, kept at most half full.
 */

const FNV_OFFSET = 0x811c9dc5 | 0;
const FNV_PRIME = 0x01000193;

/** The hash of an empty key; `hashStep` folds in one UTF-16 code unit. */
export const HASH_SEED = FNV_OFFSET;

export function hashStep(hash: number, code: number): number {
  return Math.imul(hash ^ code, FNV_PRIME);
}

/** The hash of text[start, end), the same as the scanner computes while it reads those characters. */
export function hashRange(text: string, start: number, end: number): number {
  let h = HASH_SEED;
  for (let i = start; i < end; i++) h = hashStep(h, text.charCodeAt(i));
  return h;
}

export class KeyTable {
  private readonly keys: string[] = [];
  // slot → id + 1 (0 marks an empty slot), and the key's hash to skip most string comparisons.
  private slots = new Int32Array(16);
  private hashes = new Int32Array(16);

  get size(): number {
    return this.keys.length;
  }

  /** The key's id, adding it when new; ids are 0, 1, 2… in order of first addition. */
  add(key: string): number {
    const hash = hashRange(key, 0, key.length);
    const found = this.find(key, 0, key.length, hash);
    if (found >= 0) return found;
    if ((this.keys.length + 1) * 2 > this.slots.length) this.grow();
    this.keys.push(key);
    this.place(this.keys.length, hash);
    return this.keys.length - 1;
  }

  get(key: string): number {
    return this.find(key, 0, key.length, hashRange(key, 0, key.length));
  }

  key(id: number): string {
    return this.keys[id]!;
  }

  /** The id of the key equal to text[start, end), whose hash the caller computed; -1 when absent. */
  find(text: string, start: number, end: number, hash: number): number {
    const mask = this.slots.length - 1;
    const length = end - start;
    for (let slot = mix(hash) & mask; ; slot = (slot + 1) & mask) {
      const entry = this.slots[slot]!;
      if (entry === 0) return -1;
      if (this.hashes[slot] === hash) {
        const key = this.keys[entry - 1]!;
        if (key.length === length && text.startsWith(key, start)) return entry - 1;
      }
    }
  }

  private place(entry: number, hash: number): void {
    const mask = this.slots.length - 1;
    let slot = mix(hash) & mask;
    while (this.slots[slot] !== 0) slot = (slot + 1) & mask;
    this.slots[slot] = entry;
    this.hashes[slot] = hash;
  }

  private grow(): void {
    const old = { slots: this.slots, hashes: this.hashes };
    this.slots = new Int32Array(old.slots.length * 2);
    this.hashes = new Int32Array(old.slots.length * 2);
    for (let i = 0; i < old.slots.length; i++) {
      if (old.slots[i] !== 0) this.place(old.slots[i]!, old.hashes[i]!);
    }
  }
}

/** FNV's low bits are weak on short keys; folding the high half in spreads them over the slots. */
function mix(hash: number): number {
  return hash ^ (hash >>> 15);
}
