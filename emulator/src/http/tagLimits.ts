import { ArmError } from "./armError.js";

/** ARM's limits on resource tags (Microsoft Learn, "Use tags to organize your Azure resources"). */
export const tagLimits = { maxTags: 50, maxNameLength: 512, maxValueLength: 256 } as const;

const forbiddenNameChars = /[<>%&\\?/]/;

/**
 * Checks the `tags` of a PUT or PATCH body as ARM does before any resource provider sees it:
 * at most 50 tags, names of at most 512 characters without `<>%&\?/`, values of at most 256.
 * Guess: the codes follow ARM's `InvalidTag...` family; the exact wording is not in the specs.
 */
export function checkTags(body: unknown): void {
  if (typeof body !== "object" || body === null || Array.isArray(body)) return;
  const tags = (body as { tags?: unknown }).tags;
  if (typeof tags !== "object" || tags === null || Array.isArray(tags)) return;
  const entries = Object.entries(tags as Record<string, unknown>);
  if (entries.length > tagLimits.maxTags) {
    throw new ArmError(400, "InvalidTagCount", `The number of tags '${entries.length}' exceeds the maximum of '${tagLimits.maxTags}' tags per resource.`, { target: "tags" });
  }
  for (const [name, value] of entries) {
    if (name.length > tagLimits.maxNameLength) {
      throw new ArmError(400, "InvalidTagNameLength", `The tag name '${name.slice(0, 32)}...' has length '${name.length}' which exceeds the maximum length of '${tagLimits.maxNameLength}'.`, { target: "tags" });
    }
    if (name.trim() === "" || forbiddenNameChars.test(name)) {
      throw new ArmError(400, "InvalidTagNameCharacters", `The tag name '${name.slice(0, 64)}' is empty or has characters that are not allowed: '<', '>', '%', '&', '\\', '?', '/'.`, { target: "tags" });
    }
    if (typeof value === "string" && value.length > tagLimits.maxValueLength) {
      throw new ArmError(400, "InvalidTagValueLength", `The value of tag '${name.slice(0, 64)}' has length '${value.length}' which exceeds the maximum length of '${tagLimits.maxValueLength}'.`, { target: "tags" });
    }
  }
}
