/** How a secondary index of a {@link ResourceTable} keys its items (return undefined to leave one out). */
export type IndexKey<T> = (item: T) => string | undefined;

interface SecondaryIndex<T> {
  keyOf: IndexKey<T>;
  buckets: Map<string, Set<string>>;
}

function addTo(buckets: Map<string, Set<string>>, bucket: string, key: string): void {
  let set = buckets.get(bucket);
  if (!set) {
    set = new Set();
    buckets.set(bucket, set);
  }
  set.add(key);
}

function removeFrom(buckets: Map<string, Set<string>>, bucket: string, key: string): void {
  const set = buckets.get(bucket);
  if (!set) return;
  set.delete(key);
  if (set.size === 0) buckets.delete(bucket);
}

/** Every proper prefix of a lowercase id that ends before a `/` (`/a/b/c` -> `/a`, `/a/b`). */
function ancestorsOf(key: string): string[] {
  const out: string[] = [];
  for (let i = key.indexOf("/", 1); i > 0; i = key.indexOf("/", i + 1)) out.push(key.slice(0, i));
  return out;
}

/**
 * A map of ARM resources keyed by id, compared case-insensitively as ARM compares ids.
 * It keeps the id as first written, which is what ARM returns.
 *
 * Every lookup is indexed: by id (O(1)), by any ancestor path ({@link ResourceTable.under}:
 * O(depth + results)) and by the named secondary keys given to the constructor
 * ({@link ResourceTable.lookup}: O(results)). Writes cost O(depth + indexes).
 * Secondary keys are read when an item is `set`; change an indexed field only through `set`.
 */
export class ResourceTable<T extends { id: string }, K extends string = never> {
  private readonly items = new Map<string, T>();
  private readonly order = new Map<string, number>();
  private readonly children = new Map<string, Set<string>>();
  private readonly indexes = new Map<K, SecondaryIndex<T>>();
  /** The secondary keys each stored item was indexed under, to unindex it on replace or delete. */
  private readonly indexed = new Map<string, Map<K, string>>();
  private seq = 0;

  /** @param indexes secondary indexes by name, e.g. `{ principal: (r) => r.principalId.toLowerCase() }`. */
  constructor(indexes?: Record<K, IndexKey<T>>) {
    if (indexes) for (const [name, keyOf] of Object.entries(indexes) as Array<[K, IndexKey<T>]>) this.indexes.set(name, { keyOf, buckets: new Map() });
  }

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
    const key = item.id.toLowerCase();
    const existed = this.items.has(key);
    this.items.set(key, item);
    if (!existed) {
      this.order.set(key, this.seq++);
      for (const a of ancestorsOf(key)) addTo(this.children, a, key);
    }
    this.reindex(key, item);
    return item;
  }

  /** Removes a resource; returns whether it existed. */
  delete(id: string): boolean {
    const key = id.toLowerCase();
    if (!this.items.delete(key)) return false;
    this.order.delete(key);
    for (const a of ancestorsOf(key)) removeFrom(this.children, a, key);
    const keys = this.indexed.get(key);
    if (keys) for (const [name, k] of keys) removeFrom(this.indexes.get(name)!.buckets, k, key);
    this.indexed.delete(key);
    return true;
  }

  /** Every resource whose id starts with `prefix + "/"`, in insertion order. */
  under(prefix: string): T[] {
    const p = prefix.toLowerCase().replace(/\/+$/, "");
    if (p === "") return this.all();
    const keys = this.children.get(p);
    return keys ? this.resolve(keys) : [];
  }

  /** Every resource whose secondary key `index` is `key`, in insertion order. */
  lookup(index: K, key: string): T[] {
    const idx = this.indexes.get(index);
    if (!idx) throw new Error(`no index '${index}'`);
    const keys = idx.buckets.get(key);
    return keys ? this.resolve(keys) : [];
  }

  /** Resources sorted by when they were first added (for results merged from several lookups). */
  inInsertionOrder(items: readonly T[]): T[] {
    const seq = (t: T): number => this.order.get(t.id.toLowerCase()) ?? Number.MAX_SAFE_INTEGER;
    return [...items].sort((a, b) => seq(a) - seq(b));
  }

  /** Every resource, in insertion order. */
  all(): T[] {
    return [...this.items.values()];
  }

  /** Number of resources. */
  get size(): number {
    return this.items.size;
  }

  private resolve(keys: Set<string>): T[] {
    const out: T[] = [];
    for (const k of keys) {
      const item = this.items.get(k);
      if (item) out.push(item);
    }
    return out;
  }

  private reindex(key: string, item: T): void {
    if (this.indexes.size === 0) return;
    const previous = this.indexed.get(key);
    const next = new Map<K, string>();
    for (const [name, idx] of this.indexes) {
      const k = idx.keyOf(item);
      const old = previous?.get(name);
      if (old !== undefined && old !== k) removeFrom(idx.buckets, old, key);
      if (k !== undefined) {
        addTo(idx.buckets, k, key);
        next.set(name, k);
      }
    }
    this.indexed.set(key, next);
  }
}
