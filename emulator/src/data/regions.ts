/**
 * Every public Azure region that takes resources (`az account list-locations`, "Physical"
 * regions of the public cloud), with its display name and its paired region (Microsoft Learn,
 * "Azure region pairs and nonpaired regions",
 * https://learn.microsoft.com/azure/reliability/cross-region-replication-azure).
 * The two EUAP (early update) regions are included because ARM accepts them and the recordings
 * use `eastus2euap`. Stage and logical regions (`eastusstg`, `asia`, `europe`, ...) are not.
 * Guess: the list is as of late 2025; regions opened since are missing, and regions that
 * need an access request (e.g. `australiacentral2`, `southafricawest`) are accepted as if granted.
 */
export interface AzureRegion {
  /** Programmatic name, e.g. `eastasia`. */
  readonly name: string;
  /** Display name, e.g. `East Asia`. */
  readonly displayName: string;
  /** Programmatic name of its pair, or undefined for a nonpaired region. */
  readonly pairedRegion?: string;
  /** Geography, e.g. `Asia Pacific`. */
  readonly geography: string;
}

type Row = readonly [name: string, displayName: string, pair: string | undefined, geography: string];

const rows: readonly Row[] = [
  ["eastus", "East US", "westus", "United States"],
  ["eastus2", "East US 2", "centralus", "United States"],
  ["centralus", "Central US", "eastus2", "United States"],
  ["northcentralus", "North Central US", "southcentralus", "United States"],
  ["southcentralus", "South Central US", "northcentralus", "United States"],
  ["westcentralus", "West Central US", "westus2", "United States"],
  ["westus", "West US", "eastus", "United States"],
  ["westus2", "West US 2", "westcentralus", "United States"],
  ["westus3", "West US 3", "eastus", "United States"],
  ["eastus2euap", "East US 2 EUAP", "centraluseuap", "United States"],
  ["centraluseuap", "Central US EUAP", "eastus2euap", "United States"],
  ["canadacentral", "Canada Central", "canadaeast", "Canada"],
  ["canadaeast", "Canada East", "canadacentral", "Canada"],
  ["brazilsouth", "Brazil South", "southcentralus", "Brazil"],
  ["brazilsoutheast", "Brazil Southeast", "brazilsouth", "Brazil"],
  ["mexicocentral", "Mexico Central", undefined, "Mexico"],
  ["chilecentral", "Chile Central", undefined, "Chile"],
  ["northeurope", "North Europe", "westeurope", "Europe"],
  ["westeurope", "West Europe", "northeurope", "Europe"],
  ["uksouth", "UK South", "ukwest", "United Kingdom"],
  ["ukwest", "UK West", "uksouth", "United Kingdom"],
  ["francecentral", "France Central", "francesouth", "France"],
  ["francesouth", "France South", "francecentral", "France"],
  ["germanywestcentral", "Germany West Central", "germanynorth", "Germany"],
  ["germanynorth", "Germany North", "germanywestcentral", "Germany"],
  ["switzerlandnorth", "Switzerland North", "switzerlandwest", "Switzerland"],
  ["switzerlandwest", "Switzerland West", "switzerlandnorth", "Switzerland"],
  ["norwayeast", "Norway East", "norwaywest", "Norway"],
  ["norwaywest", "Norway West", "norwayeast", "Norway"],
  ["swedencentral", "Sweden Central", "swedensouth", "Sweden"],
  ["swedensouth", "Sweden South", "swedencentral", "Sweden"],
  ["polandcentral", "Poland Central", undefined, "Poland"],
  ["italynorth", "Italy North", undefined, "Italy"],
  ["spaincentral", "Spain Central", undefined, "Spain"],
  ["austriaeast", "Austria East", undefined, "Austria"],
  ["belgiumcentral", "Belgium Central", undefined, "Belgium"],
  ["uaenorth", "UAE North", "uaecentral", "United Arab Emirates"],
  ["uaecentral", "UAE Central", "uaenorth", "United Arab Emirates"],
  ["qatarcentral", "Qatar Central", undefined, "Qatar"],
  ["israelcentral", "Israel Central", undefined, "Israel"],
  ["southafricanorth", "South Africa North", "southafricawest", "South Africa"],
  ["southafricawest", "South Africa West", "southafricanorth", "South Africa"],
  ["centralindia", "Central India", "southindia", "India"],
  ["southindia", "South India", "centralindia", "India"],
  ["westindia", "West India", "southindia", "India"],
  ["jioindiawest", "Jio India West", "jioindiacentral", "India"],
  ["jioindiacentral", "Jio India Central", "jioindiawest", "India"],
  ["eastasia", "East Asia", "southeastasia", "Asia Pacific"],
  ["southeastasia", "Southeast Asia", "eastasia", "Asia Pacific"],
  ["japaneast", "Japan East", "japanwest", "Japan"],
  ["japanwest", "Japan West", "japaneast", "Japan"],
  ["koreacentral", "Korea Central", "koreasouth", "Korea"],
  ["koreasouth", "Korea South", "koreacentral", "Korea"],
  ["indonesiacentral", "Indonesia Central", undefined, "Indonesia"],
  ["malaysiawest", "Malaysia West", undefined, "Malaysia"],
  ["australiaeast", "Australia East", "australiasoutheast", "Australia"],
  ["australiasoutheast", "Australia Southeast", "australiaeast", "Australia"],
  ["australiacentral", "Australia Central", "australiacentral2", "Australia"],
  ["australiacentral2", "Australia Central 2", "australiacentral", "Australia"],
  ["newzealandnorth", "New Zealand North", undefined, "New Zealand"],
];

/** Every public region, in the order above. */
export const azureRegions: readonly AzureRegion[] = rows.map(([name, displayName, pairedRegion, geography]) =>
  pairedRegion === undefined ? { name, displayName, geography } : { name, displayName, pairedRegion, geography });

const byKey = new Map<string, AzureRegion>();
for (const r of azureRegions) {
  byKey.set(regionKey(r.name), r);
  byKey.set(regionKey(r.displayName), r);
}

/** How ARM compares region names: case- and space-insensitive (`East Asia` == `eastasia`). */
export function regionKey(location: string): string {
  return location.replace(/\s+/g, "").toLowerCase();
}

/** The region a name or display name denotes (any case, any spaces), or undefined. */
export function findRegion(location: string): AzureRegion | undefined {
  return byKey.get(regionKey(location));
}

/** The programmatic name of a region (`East Asia` -> `eastasia`), or undefined if unknown. */
export function normaliseRegion(location: string): string | undefined {
  return findRegion(location)?.name;
}

/** The programmatic name of a region's pair (for cross-region restore), or undefined if nonpaired or unknown. */
export function pairedRegionOf(location: string): string | undefined {
  return findRegion(location)?.pairedRegion;
}

/** Programmatic names of every public region. */
export const regionNames: readonly string[] = azureRegions.map((r) => r.name);

/** Display names of every public region (as `GET /providers/{ns}` lists `locations`). */
export const regionDisplayNames: readonly string[] = azureRegions.map((r) => r.displayName);

/**
 * Public regions where Azure Backup for AKS offers only the operational (snapshot) tier: no
 * vault tier, so no vault-tier policy (Microsoft Learn, "Azure Kubernetes Service backup support
 * matrix", https://learn.microsoft.com/azure/backup/azure-kubernetes-service-cluster-backup-support-matrix:
 * "Israel Central, Poland Central, and Spain Central" among the public ones; the China and US Gov
 * regions it names are sovereign clouds, not in this list).
 */
export const aksVaultTierUnsupportedRegions: readonly string[] = ["israelcentral", "polandcentral", "spaincentral"];

/** Whether Azure Backup for AKS offers the vault tier in a region (unknown regions: no). */
export function supportsAksVaultTier(location: string): boolean {
  const name = normaliseRegion(location);
  return name !== undefined && !aksVaultTierUnsupportedRegions.includes(name);
}

function namesOf(displayNames: readonly string[]): string[] {
  return displayNames.map((d) => {
    const name = normaliseRegion(d);
    if (name === undefined) throw new Error(`unknown region '${d}' in data/regions.ts`);
    return name;
  });
}

/**
 * Public regions where Azure Backup for AKS is offered, in either tier (same support matrix,
 * "Supported regions": the 43 regions with the vault and operational tiers, and the public ones
 * of the operational-only list, {@link aksVaultTierUnsupportedRegions}).
 */
export const aksBackupRegions: readonly string[] = [
  ...namesOf([
    "Australia Central", "Australia Central 2", "Australia East", "Australia Southeast", "Brazil South", "Brazil Southeast",
    "Canada Central", "Canada East", "Central India", "Central US", "East Asia", "East US", "East US 2", "France Central",
    "France South", "Germany North", "Germany West Central", "Italy North", "Japan East", "Japan West", "Jio India West",
    "Korea Central", "Korea South", "North Central US", "North Europe", "Norway East", "Norway West", "South Africa North",
    "South Africa West", "South Central US", "South India", "Southeast Asia", "Sweden Central", "Switzerland North",
    "Switzerland West", "UAE North", "UK South", "UK West", "West Central US", "West Europe", "West US", "West US 2", "West US 3",
  ]),
  ...aksVaultTierUnsupportedRegions,
];

/**
 * Regions where the emulator lets a Backup vault (`Microsoft.DataProtection/backupVaults`) be
 * created; elsewhere a vault PUT gets ARM's `LocationNotAvailableForResourceType`.
 * Guess: the resource type's own region list is not documented; the emulator takes the regions
 * where Azure Backup for AKS is documented ({@link aksBackupRegions}) plus the two EUAP regions
 * the recordings create vaults in. Azure may accept vaults in more regions (for other datasources).
 */
export const backupVaultRegions: readonly string[] = [...aksBackupRegions, "eastus2euap", "centraluseuap"];

/** Whether a Backup vault can be created in a region (any case, any spaces; unknown regions: no). */
export function supportsBackupVault(location: string): boolean {
  const name = normaliseRegion(location);
  return name !== undefined && backupVaultRegions.includes(name);
}

/**
 * Whether Azure Backup for AKS can restore a region's vault-tier backups in another region: the
 * vault tier is offered there and the region has a pair (the support matrix: with Cross Region
 * Restore enabled, vault-tier backups are available in the Azure paired region).
 */
export function supportsAksCrossRegionRestore(location: string): boolean {
  return supportsAksVaultTier(location) && pairedRegionOf(location) !== undefined;
}
