/** Where to go after sign-in: the page a signed-out visitor asked for, kept in `?next=`. */

export const HOME_PATH = '/app/analyse';

/** The login URL that remembers `path` (only in-app paths are remembered). */
export function loginPathFor(path: string): string {
  return isInAppPath(path) ? `/login?next=${encodeURIComponent(path)}` : '/login';
}

/** The page to open after sign-in, from the login URL's query; never another site. */
export function returnPathFrom(search: string): string {
  const next = new URLSearchParams(search).get('next');
  return next && isInAppPath(next) ? next : HOME_PATH;
}

function isInAppPath(path: string): boolean {
  // "/app/..." only: "//evil.example" or "/\evil" would leave the site.
  return /^\/app(\/[^\\]*)?(\?[^\\]*)?$/.test(path) && !path.startsWith('//');
}
