// The console's pages by address. Hash addresses (`#/endpoints/ep_…`) keep every page at
// /console/, so Herald serves one index.html and a reload lands on the same page.

export const ROUTES = [
  { name: "endpoints", path: "/endpoints", nav: "Endpoints" },
  { name: "endpoint", path: "/endpoints/:id" },
  { name: "delivery", path: "/deliveries/:id" },
  { name: "events", path: "/events", nav: "Events" },
  { name: "event", path: "/events/:id" },
  { name: "eventTypes", path: "/event-types", nav: "Event types" },
  { name: "operator", path: "/operator" },
] as const;

export type RouteName = (typeof ROUTES)[number]["name"];

export interface Match {
  name: RouteName;
  params: Record<string, string>;
}

export const HOME: Match = { name: "endpoints", params: {} };

function matchPath(pattern: string, path: string): Record<string, string> | null {
  const want = pattern.split("/");
  const got = path.split("/");
  if (want.length !== got.length) return null;
  const params: Record<string, string> = {};
  for (const [i, segment] of want.entries()) {
    const value = got[i]!;
    if (segment.startsWith(":")) {
      if (!value) return null;
      try {
        params[segment.slice(1)] = decodeURIComponent(value);
      } catch {
        return null;
      }
    } else if (segment !== value) return null;
  }
  return params;
}

/** The page a location hash names; an empty hash is the home page, an unknown one null. */
export function matchRoute(hash: string): Match | null {
  const path = hash.replace(/^#/, "").replace(/\/+$/, "");
  if (path === "") return HOME;
  for (const route of ROUTES) {
    const params = matchPath(route.path, path);
    if (params) return { name: route.name, params };
  }
  return null;
}

/** The `href` of a page, e.g. `routeHref("endpoint", {id})` → `#/endpoints/ep_1`. */
export function routeHref(name: RouteName, params: Record<string, string> = {}): string {
  const route = ROUTES.find((r) => r.name === name)!;
  return `#${route.path.replace(/:(\w+)/g, (_, key: string) => encodeURIComponent(params[key] ?? ""))}`;
}

/** What every page component gets: the parameters of its address (`:id`). */
export interface PageProps {
  params: Record<string, string>;
}
