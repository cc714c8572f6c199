/**
 * How names are spelled across the workspace, in one place: construct ids, schema names and generated
 * identifiers all come from the same words of a name.
 */

/** `reserve-stock` → `ReserveStock`; `Image Uploaded` → `ImageUploaded`; `user_signup` → `UserSignup`. */
export function pascalCase(text: string): string {
  return words(text)
    .map((word) => word[0]!.toUpperCase() + word.slice(1))
    .join('');
}

/** `reserve-stock` → `reserveStock`. */
export function camelCase(text: string): string {
  const pascal = pascalCase(text);
  return pascal.length === 0 ? pascal : pascal[0]!.toLowerCase() + pascal.slice(1);
}

/** `ImageUploaded` → `image-uploaded`; `Image Uploaded` → `image-uploaded`. */
export function kebabCase(text: string): string {
  return words(text)
    .map((word) => word.toLowerCase())
    .join('-');
}

/** Splits at non-alphanumerics and at lower-to-upper case changes: `OrderCreated v2` → `Order`, `Created`, `v2`. */
function words(text: string): string[] {
  return text
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter((word) => word.length > 0);
}
