import { randomUUID } from "node:crypto";
import type { SimClock } from "../clock.js";

/** What kind of identity a principal is. */
export type PrincipalKind = "cluster" | "kubelet" | "extension" | "vault" | "userAssigned" | "caller" | "user";

/** A service principal known to the emulated directory (Microsoft Entra ID). */
export interface Principal {
  principalId: string;
  tenantId: string;
  kind: PrincipalKind;
  /** The ARM id of the resource the identity belongs to. */
  ownerId: string;
  /** Simulated epoch ms at which it was created. RBAC sees it only after a propagation delay. */
  createdAt: number;
}

/** The emulated directory: every managed identity created by the emulator. */
export class Directory {
  private readonly principals = new Map<string, Principal>();
  /** The first principal of each kind (the caller is looked up on every role assignment body). */
  private readonly firstByKind = new Map<PrincipalKind, Principal>();
  /** Principals by lowercase owner id. */
  private readonly byOwner = new Map<string, Principal[]>();

  constructor(
    readonly tenantId: string,
    private readonly clock: SimClock,
  ) {}

  /** Creates a new principal (a new object id) for a resource's managed identity. */
  create(kind: PrincipalKind, ownerId: string): Principal {
    const p: Principal = { principalId: randomUUID(), tenantId: this.tenantId, kind, ownerId, createdAt: this.clock.now() };
    return this.add(p);
  }

  /** Registers a principal with a known id (recordings, callers). */
  register(principalId: string, kind: PrincipalKind, ownerId: string, createdAt = Number.NEGATIVE_INFINITY): Principal {
    const p: Principal = { principalId: principalId.toLowerCase(), tenantId: this.tenantId, kind, ownerId, createdAt };
    return this.add(p);
  }

  /** The principal with this object id, or undefined. */
  get(principalId: string): Principal | undefined {
    return this.principals.get(principalId.toLowerCase());
  }

  /** The first principal registered of a kind (O(1)), e.g. the caller. */
  firstOfKind(kind: PrincipalKind): Principal | undefined {
    const p = this.firstByKind.get(kind);
    if (p && this.principals.get(p.principalId) === p) return p;
    if (!p) return undefined;
    // Replaced by a later registration of the same id: find another of the kind (rare).
    const other = [...this.principals.values()].find((q) => q.kind === kind);
    if (other) this.firstByKind.set(kind, other);
    else this.firstByKind.delete(kind);
    return other;
  }

  /** The principals owned by a resource (its managed identities), by ARM id, any case (O(1)). */
  ownedBy(ownerId: string): readonly Principal[] {
    return (this.byOwner.get(ownerId.toLowerCase()) ?? []).filter((p) => this.principals.get(p.principalId) === p);
  }

  private add(p: Principal): Principal {
    this.principals.set(p.principalId, p);
    const first = this.firstByKind.get(p.kind);
    if (!first || this.principals.get(first.principalId) !== first) this.firstByKind.set(p.kind, p);
    const owner = p.ownerId.toLowerCase();
    const list = this.byOwner.get(owner);
    if (list) list.push(p);
    else this.byOwner.set(owner, [p]);
    return p;
  }

  /** Every principal. */
  all(): Principal[] {
    return [...this.principals.values()];
  }
}
