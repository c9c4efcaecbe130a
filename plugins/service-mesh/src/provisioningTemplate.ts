/** The scaffolder template that puts a user's SockShop namespace into a mesh. */
export const PROVISIONING_TEMPLATE = {
  namespace: 'default',
  name: 'sockshop-service-mesh',
};

/** `user2-sockshop` -> `user2`: the hands-on names each user's namespace `<user>-sockshop`. */
export function userFromNamespace(namespace: string): string | undefined {
  const match = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?)-sockshop$/.exec(namespace);
  return match?.[1];
}

/** Path of the provisioning template's form, its `userId` pre-filled for the namespace's user. */
export function provisioningTemplatePath(namespace: string): string {
  const base = `/create/templates/${PROVISIONING_TEMPLATE.namespace}/${PROVISIONING_TEMPLATE.name}`;
  const user = userFromNamespace(namespace);
  if (!user) return base;
  return `${base}?formData=${encodeURIComponent(
    JSON.stringify({ userId: user }),
  )}`;
}
