import { InputValidationError } from "../errors.js";

/**
 * What is wrong with one path segment of an ARM id or one name put in a request path, or
 * undefined when it is safe. Refused: empty, `.` and `..` (URL normalisation would drop or
 * climb them, so a request meant for a child lands on its parent), the same percent-encoded
 * (`%2e%2e`, `%2E.`), any `%` (names are passed unencoded; an encoded `/` or `?` would change
 * the path), `/`, `\`, `?`, `#`, control characters and whitespace.
 */
export function segmentProblem(segment: string): string | undefined {
  if (segment === "") return "it has an empty segment";
  if (segment === "." || segment === "..") return `'${segment}' is a relative path segment, which would address another resource`;
  if (segment.includes("%")) {
    let decoded: string | undefined;
    try {
      decoded = decodeURIComponent(segment);
    } catch {
      decoded = undefined;
    }
    if (decoded === "." || decoded === ".." || decoded === "") return `'${segment}' is a percent-encoded relative path segment, which would address another resource`;
    if (decoded !== undefined && /[/\\?#]/.test(decoded)) return `'${segment}' hides a percent-encoded '/', '\\', '?' or '#'`;
    return `'${segment}' contains '%'; names are passed unencoded and may not contain '%'`;
  }
  if (/[/\\]/.test(segment)) return `'${segment}' contains a slash`;
  if (/[?#]/.test(segment)) return `'${printable(segment)}' contains '?' or '#', which would end the path`;
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f-\u009f]/.test(segment)) return `'${printable(segment)}' contains a control character`;
  if (/\s/u.test(segment)) return `'${printable(segment)}' contains whitespace`;
  return undefined;
}

/** The value with control characters shown as `\u....`, safe to put in an error message. */
export function printable(value: string): string {
  // eslint-disable-next-line no-control-regex
  return value.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/**
 * Encodes one name for a request path (`encodeURIComponent`) after refusing what
 * {@link segmentProblem} refuses, since encoding leaves `.` and `..` as they are.
 * Throws {@link InputValidationError} naming `parameter`.
 */
export function encodeSegment(name: string, parameter: string): string {
  const problem = typeof name === "string" ? segmentProblem(name) : "it is not a string";
  if (problem !== undefined) throw new InputValidationError(parameter, problem, "pass the resource's own name, as Azure shows it (no '/', '.', '..', '%', '?', '#' or spaces)");
  return encodeURIComponent(name);
}

/** `/seg1/seg2/...` with every segment checked and encoded by {@link encodeSegment}. */
export function encodePath(segments: readonly string[], parameter: string): string {
  return "/" + segments.map((s) => encodeSegment(s, parameter)).join("/");
}
