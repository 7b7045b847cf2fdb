import { randomUUID } from "node:crypto";
import type { SimClock } from "../clock.js";

/** What kind of identity a principal is. */
export type PrincipalKind = "cluster" | "kubelet" | "extension" | "vault" | "userAssigned" | "caller";

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

  constructor(
    readonly tenantId: string,
    private readonly clock: SimClock,
  ) {}

  /** Creates a new principal (a new object id) for a resource's managed identity. */
  create(kind: PrincipalKind, ownerId: string): Principal {
    const p: Principal = { principalId: randomUUID(), tenantId: this.tenantId, kind, ownerId, createdAt: this.clock.now() };
    this.principals.set(p.principalId, p);
    return p;
  }

  /** Registers a principal with a known id (recordings, callers). */
  register(principalId: string, kind: PrincipalKind, ownerId: string, createdAt = Number.NEGATIVE_INFINITY): Principal {
    const p: Principal = { principalId: principalId.toLowerCase(), tenantId: this.tenantId, kind, ownerId, createdAt };
    this.principals.set(p.principalId, p);
    return p;
  }

  /** The principal with this object id, or undefined. */
  get(principalId: string): Principal | undefined {
    return this.principals.get(principalId.toLowerCase());
  }

  /** Every principal. */
  all(): Principal[] {
    return [...this.principals.values()];
  }
}
