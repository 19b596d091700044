// A hash router: `#/name` shows the page registered under that name.

export interface Route {
  path: string; // "files" for #/files
  title: string;
  render: (outlet: HTMLElement) => Promise<void> | void;
  access: "anyone" | "signed-in" | "admin";
  nav: boolean; // listed in the navigation
}

/** The route for the current hash (the first route when none matches). */
export function current(routes: Route[]): Route {
  const path = window.location.hash.replace(/^#\/?/, "").split("?")[0] ?? "";
  return routes.find((route) => route.path === path) ?? (routes[0] as Route);
}

/** Go to a page. */
export function go(path: string): void {
  window.location.hash = `#/${path}`;
}
