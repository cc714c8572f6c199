const KEBAB = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

/** Handler and service names are kebab-case: `add-loyalty-points`, not `AddLoyaltyPoints` or `add--points`. */
export function isKebabCase(text: string): boolean {
  return KEBAB.test(text);
}
