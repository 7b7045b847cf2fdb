/**
 * A map of ARM resources keyed by id, compared case-insensitively as ARM compares ids.
 * It keeps the id as first written, which is what ARM returns.
 */
export class ResourceTable<T extends { id: string }> {
  private readonly items = new Map<string, T>();

  /** The resource with this id, or undefined. */
  get(id: string): T | undefined {
    return this.items.get(id.toLowerCase());
  }

  /** Whether a resource with this id exists. */
  has(id: string): boolean {
    return this.items.has(id.toLowerCase());
  }

  /** Adds or replaces a resource. */
  set(item: T): T {
    this.items.set(item.id.toLowerCase(), item);
    return item;
  }

  /** Removes a resource; returns whether it existed. */
  delete(id: string): boolean {
    return this.items.delete(id.toLowerCase());
  }

  /** Every resource whose id starts with `prefix + "/"`, in insertion order. */
  under(prefix: string): T[] {
    const p = prefix.toLowerCase().replace(/\/+$/, "") + "/";
    return [...this.items.entries()].filter(([k]) => k.startsWith(p)).map(([, v]) => v);
  }

  /** Every resource, in insertion order. */
  all(): T[] {
    return [...this.items.values()];
  }

  /** Number of resources. */
  get size(): number {
    return this.items.size;
  }
}
