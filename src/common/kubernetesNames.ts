/** Whether `name` is a Kubernetes object name: a DNS subdomain (lowercase letters, digits, '-' and '.', at most 253), as a ConfigMap's. */
export function isKubernetesObjectName(name: string): boolean {
  return name.length <= 253 && /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/.test(name);
}
