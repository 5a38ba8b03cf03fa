/**
 * Accepts only a path inside this app as the page to open after login, so a crafted link
 * cannot send the user to another site (`//host` or `https://...`).
 */
export function safeReturnUrl(value: string | null | undefined): string | null {
  if (!value || !value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) {
    return null;
  }
  if (value.startsWith('/login') || value.startsWith('/registro')) {
    return null;
  }
  return value;
}
