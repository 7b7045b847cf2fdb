/** A cluster extension, flattened as `@azure/arm-kubernetesconfiguration` 6 shapes it (`properties.*` at the top). */
export interface Extension {
  /** The extension's ARM id. */
  readonly id?: string;
  /** Its name. */
  readonly name?: string;
  /** `Microsoft.KubernetesConfiguration/extensions`. */
  readonly type?: string;
  /** e.g. `microsoft.dataprotection.kubernetes`. */
  extensionType?: string;
  /** Whether minor versions upgrade automatically. */
  autoUpgradeMinorVersion?: boolean;
  /** "stable" or "preview". */
  releaseTrain?: string;
  /** A pinned version (only without auto-upgrade). */
  version?: string | null;
  /** Cluster or namespace scope. */
  scope?: { cluster?: { releaseNamespace?: string }; namespace?: { targetNamespace?: string } };
  /** Plain settings. */
  configurationSettings?: Record<string, string>;
  /** Protected settings (Azure echoes only their keys). */
  configurationProtectedSettings?: Record<string, string>;
  /** The installed version. */
  readonly currentVersion?: string | null;
  /** "Succeeded", "Failed", "Creating", "Updating", "Deleting", "Canceled". */
  readonly provisioningState?: string;
  /** The error of a failed install. */
  readonly errorInfo?: { code?: string; message?: string };
  /** The identity AKS gave the extension. */
  readonly aksAssignedIdentity?: { principalId?: string; tenantId?: string; type?: string };
  /** Whether it is a system extension. */
  readonly isSystemExtension?: boolean;
}

/** The body of an extension PATCH. */
export interface PatchExtension {
  /** Whether minor versions upgrade automatically. */
  autoUpgradeMinorVersion?: boolean;
  /** "stable" or "preview". */
  releaseTrain?: string;
  /** A pinned version. */
  version?: string | null;
  /** Plain settings to change. */
  configurationSettings?: Record<string, string>;
  /** Protected settings to change. */
  configurationProtectedSettings?: Record<string, string>;
}
