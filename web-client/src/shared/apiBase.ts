import { helplineApiBase, helplineIdFromPath } from "@helpline/contract";

/**
 * Where a page (the youth's or the console) sends every call to the bot: the helpline its address
 * names (`/sos-viol/`, `/sos-viol/console` → `/api/h/sos-viol`), or the deployment's default
 * (`/`, `/console` → `/api`). The one place the page's API base comes from.
 */
export function apiBaseOfPage(pathname: string): string {
  return helplineApiBase(helplineIdFromPath(pathname));
}
