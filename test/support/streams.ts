/** Byte streams for reader tests. */

/** The input as a stream of `size`-byte chunks, so records cross chunk boundaries. */
export async function* bytesOf(input: string | Uint8Array, size = 3): AsyncGenerator<Uint8Array> {
  const bytes = typeof input === "string" ? new TextEncoder().encode(input) : input;
  for (let i = 0; i < bytes.length; i += size) yield bytes.slice(i, i + size);
}

export async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}
