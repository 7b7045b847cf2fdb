/**
 * Azure's region pairs (Microsoft Learn, "Azure region pairs and nonpaired regions",
 * https://learn.microsoft.com/azure/reliability/cross-region-replication-azure): where a
 * geo-redundant Backup vault replicates its vault tier, and where cross-region restore runs.
 * As of late 2025; a region missing here is treated as nonpaired.
 */
const pairs: Readonly<Record<string, string>> = {
  eastus: "westus", eastus2: "centralus", centralus: "eastus2", northcentralus: "southcentralus",
  southcentralus: "northcentralus", westcentralus: "westus2", westus: "eastus", westus2: "westcentralus",
  westus3: "eastus", eastus2euap: "centraluseuap", centraluseuap: "eastus2euap", canadacentral: "canadaeast",
  canadaeast: "canadacentral", brazilsouth: "southcentralus", brazilsoutheast: "brazilsouth",
  northeurope: "westeurope", westeurope: "northeurope", uksouth: "ukwest", ukwest: "uksouth",
  francecentral: "francesouth", francesouth: "francecentral", germanywestcentral: "germanynorth",
  germanynorth: "germanywestcentral", switzerlandnorth: "switzerlandwest", switzerlandwest: "switzerlandnorth",
  norwayeast: "norwaywest", norwaywest: "norwayeast", swedencentral: "swedensouth", swedensouth: "swedencentral",
  uaenorth: "uaecentral", uaecentral: "uaenorth", southafricanorth: "southafricawest",
  southafricawest: "southafricanorth", centralindia: "southindia", southindia: "centralindia",
  westindia: "southindia", jioindiawest: "jioindiacentral", jioindiacentral: "jioindiawest",
  eastasia: "southeastasia", southeastasia: "eastasia", japaneast: "japanwest", japanwest: "japaneast",
  koreacentral: "koreasouth", koreasouth: "koreacentral", australiaeast: "australiasoutheast",
  australiasoutheast: "australiaeast", australiacentral: "australiacentral2", australiacentral2: "australiacentral",
};

/** The programmatic name of a region's pair (`westeurope` -> `northeurope`), or undefined if nonpaired or unknown. */
export function pairedRegionOf(location: string): string | undefined {
  return pairs[location.replace(/\s+/g, "").toLowerCase()];
}
