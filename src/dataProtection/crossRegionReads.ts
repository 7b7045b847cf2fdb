import type { PagedAsyncIterableIterator } from "@azure/core-paging";
import { pagedList, type TokenPage } from "../common/paging.js";
import { encodeSegment } from "../common/referenceSegments.js";
import { InputValidationError } from "../errors.js";
import type { AzureBackupJobResource, AzureBackupRecoveryPointResource } from "./models.js";
import type { DataProtectionOperationOptions } from "./options.js";
import type { DataProtectionContext } from "./transport.js";

/** Which backup instance's secondary-region points to list (`FetchSecondaryRPsRequestParameters`). */
export interface FetchSecondaryRPsRequestParameters {
  /** The vault's (primary) region. */
  sourceRegion: string;
  /** ARM id of the backup instance. */
  sourceBackupInstanceId: string;
}

/** Which vault's cross-region restore jobs to list (`CrossRegionRestoreJobsRequest`). */
export interface CrossRegionRestoreJobsRequest {
  /** The vault's (primary) region. */
  sourceRegion: string;
  /** ARM id of the vault. */
  sourceBackupVaultId: string;
}

/** One cross-region restore job to read (`CrossRegionRestoreJobRequest`). */
export interface CrossRegionRestoreJobRequest extends CrossRegionRestoreJobsRequest {
  /** The job's GUID. */
  jobId: string;
}

/** Options of `fetchSecondaryRecoveryPoints.list`. */
export interface FetchSecondaryRecoveryPointsListOptions extends DataProtectionOperationOptions {
  /** OData filter, e.g. `startDate eq '2024-01-01T00:00:00Z' and endDate eq '2024-02-01T00:00:00Z'`. */
  filter?: string;
  /** Continuation token from an earlier page. */
  skipToken?: string;
}

/** Options of `fetchCrossRegionRestoreJobs.list`. */
export interface FetchCrossRegionRestoreJobsListOptions extends DataProtectionOperationOptions {
  /** OData filter. */
  filter?: string;
}

/** `/subscriptions/{s}/resourceGroups/{rg}/providers/Microsoft.DataProtection/locations/{location}/{action}`. */
export function locationPath(ctx: DataProtectionContext, resourceGroupName: string, location: string, action: string): string {
  return `${ctx.resourceGroupPath(resourceGroupName)}/providers/Microsoft.DataProtection/locations/${encodeSegment(location, "location")}/${action}`;
}

/**
 * A lazy paged list over a POST that answers `{ value, nextLink }`: each page's
 * `continuationToken` is the service's `nextLink`, which is POSTed with the same body. A token
 * must point at this client's endpoint (the credential never goes to another host).
 */
function postPages<T>(ctx: DataProtectionContext, firstUrl: string, body: unknown, options: DataProtectionOperationOptions): PagedAsyncIterableIterator<T, TokenPage<T>> {
  return pagedList<T>(async (token) => {
    if (token !== undefined && !token.toLowerCase().startsWith(`${ctx.endpoint.toLowerCase()}/`)) {
      throw new InputValidationError("continuationToken", "it is not a token from a page of this listing", "pass the continuationToken of a page of the same listing, or none to start over");
    }
    const { flatResponse } = await ctx.send<{ value?: T[]; nextLink?: string | null } | undefined>("POST", token ?? firstUrl, { body, abortSignal: options.abortSignal });
    return { items: flatResponse?.value ?? [], continuationToken: flatResponse?.nextLink ?? undefined };
  });
}

/**
 * Recovery points of a backup instance in its vault's secondary (paired) region
 * (`FetchSecondaryRecoveryPoints_List`, as `@azure/arm-dataprotection` names it): the vault-tier
 * points a geo-redundant vault with cross-region restore has replicated there.
 */
export class FetchSecondaryRecoveryPoints {
  /** @internal */
  constructor(private readonly ctx: DataProtectionContext) {}

  /**
   * Lists them. `resourceGroupName` is the vault's resource group (as recorded) and `location`
   * the secondary region.
   */
  list(resourceGroupName: string, location: string, parameters: FetchSecondaryRPsRequestParameters, options: FetchSecondaryRecoveryPointsListOptions = {}): PagedAsyncIterableIterator<AzureBackupRecoveryPointResource, TokenPage<AzureBackupRecoveryPointResource>> {
    const url = this.ctx.url(locationPath(this.ctx, resourceGroupName, location, "fetchSecondaryRecoveryPoints"), { $filter: options.filter, $skipToken: options.skipToken });
    return postPages<AzureBackupRecoveryPointResource>(this.ctx, url, parameters, options);
  }
}

/** Cross-region restore jobs of a vault, kept in its secondary region (`FetchCrossRegionRestoreJobs_List`). */
export class FetchCrossRegionRestoreJobs {
  /** @internal */
  constructor(private readonly ctx: DataProtectionContext) {}

  /** Lists them. `location` is the secondary region. */
  list(resourceGroupName: string, location: string, parameters: CrossRegionRestoreJobsRequest, options: FetchCrossRegionRestoreJobsListOptions = {}): PagedAsyncIterableIterator<AzureBackupJobResource, TokenPage<AzureBackupJobResource>> {
    const url = this.ctx.url(locationPath(this.ctx, resourceGroupName, location, "fetchCrossRegionRestoreJobs"), { $filter: options.filter });
    return postPages<AzureBackupJobResource>(this.ctx, url, parameters, options);
  }
}

/** One cross-region restore job (`FetchCrossRegionRestoreJob_Get`). */
export class FetchCrossRegionRestoreJob {
  /** @internal */
  constructor(private readonly ctx: DataProtectionContext) {}

  /** Reads it; a missing one throws a `RestError` with status 404. `location` is the secondary region. */
  async get(resourceGroupName: string, location: string, parameters: CrossRegionRestoreJobRequest, options: DataProtectionOperationOptions = {}): Promise<AzureBackupJobResource> {
    const url = this.ctx.url(locationPath(this.ctx, resourceGroupName, location, "fetchCrossRegionRestoreJob"));
    return (await this.ctx.send<AzureBackupJobResource>("POST", url, { body: parameters, abortSignal: options.abortSignal })).flatResponse;
  }
}
