import { createStore } from "./store.ts";

/** The current location (path + query); the app routes on it without reloading. */
export const location = createStore({ path: window.location.pathname, search: window.location.search });

export function navigate(to: string, opts: { replace?: boolean } = {}): void {
  const url = new URL(to, window.location.origin);
  if (opts.replace) history.replaceState(null, "", url);
  else history.pushState(null, "", url);
  location.set({ path: url.pathname, search: url.search });
  if (!url.hash) window.scrollTo(0, 0);
}

window.addEventListener("popstate", () =>
  location.set({ path: window.location.pathname, search: window.location.search }),
);

// Same-origin links navigate in place, unless the user asked for a new tab.
document.addEventListener("click", (e) => {
  if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
  const a = (e.target as Element | null)?.closest?.("a");
  if (!a || a.target || a.hasAttribute("download")) return;
  const url = new URL(a.href, window.location.href);
  if (url.origin !== window.location.origin) return;
  if (/^\/(api|docs|graphql|metrics|health)(\/|$)/.test(url.pathname)) return;
  e.preventDefault();
  navigate(url.pathname + url.search + url.hash);
});

/** Match a pattern like `/drops/:id` against a path; the params, or null. */
export function match(pattern: string, path: string): Record<string, string> | null {
  const names: string[] = [];
  const re = new RegExp(
    `^${pattern.replace(/:[a-zA-Z]+/g, (m) => {
      names.push(m.slice(1));
      return "([^/]+)";
    })}/?$`,
  );
  const m = re.exec(path);
  if (!m) return null;
  const params: Record<string, string> = {};
  names.forEach((n, i) => {
    params[n] = decodeURIComponent(m[i + 1] ?? "");
  });
  return params;
}

export const queryParam = (search: string, name: string) => new URLSearchParams(search).get(name);
