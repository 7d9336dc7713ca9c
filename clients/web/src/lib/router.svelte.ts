// Pages have real addresses (/casus/…), so a link can be bookmarked, opened
// in a new tab and reloaded; kompasd serves the app for every such path.
// `visit` counts navigations: following a link opens its page afresh even
// when the address is the one shown (a new "Casus schrijven" after writing one).
export const route = $state({ path: window.location.pathname + window.location.search, visit: 0 });

export function navigate(path: string, options: { replace?: boolean } = {}): void {
  if (options.replace) history.replaceState(null, "", path);
  else if (path !== window.location.pathname + window.location.search) history.pushState(null, "", path);
  route.path = path;
  route.visit++;
}

// One listener for every in-app link: plain left clicks on same-origin
// links change the page without a reload; anything else (new tab, modifier
// keys, downloads) is left to the browser.
export function startRouter(): void {
  window.addEventListener("popstate", () => {
    route.path = window.location.pathname + window.location.search;
    route.visit++;
  });
  document.addEventListener("click", (event) => {
    const link = (event.target as Element | null)?.closest?.("a");
    if (
      !link ||
      event.defaultPrevented ||
      event.button !== 0 ||
      event.metaKey ||
      event.ctrlKey ||
      event.shiftKey ||
      event.altKey ||
      link.target ||
      link.hasAttribute("download") ||
      link.origin !== window.location.origin ||
      // A jump within the page (the skip link) stays the browser's.
      (link.hash && link.pathname === window.location.pathname)
    ) {
      return;
    }
    event.preventDefault();
    navigate(link.pathname + link.search);
  });
}

// "/casus/abc" → { page: "case", id: "abc" }
export type Page =
  | { page: "overview" }
  | { page: "write" }
  | { page: "case"; id: string }
  | { page: "edit"; id: string }
  | { page: "session"; id: string }
  | { page: "search" }
  | { page: "parked" }
  | { page: "standards" }
  | { page: "standard"; id: string }
  | { page: "kompas" }
  | { page: "kompasVersion"; id: string }
  | { page: "register" }
  | { page: "audit" }
  | { page: "community" }
  | { page: "missing" };

export function pageOf(path: string): Page {
  const parts = path.split("?")[0].split("/").filter(Boolean).map(decodeURIComponent);
  if (parts.length === 0) return { page: "overview" };
  if (parts[0] === "schrijven" && parts.length === 1) return { page: "write" };
  if (parts[0] === "casus" && parts.length === 2) return { page: "case", id: parts[1] };
  if (parts[0] === "casus" && parts.length === 3 && parts[2] === "bewerken") {
    return { page: "edit", id: parts[1] };
  }
  if (parts[0] === "intervisie" && parts.length === 2) return { page: "session", id: parts[1] };
  if (parts.length === 1) {
    const single: Record<string, Page> = {
      zoeken: { page: "search" },
      parkeerflap: { page: "parked" },
      standaarden: { page: "standards" },
      kompas: { page: "kompas" },
      register: { page: "register" },
      inzage: { page: "audit" },
      gemeenschap: { page: "community" },
    };
    if (parts[0] in single) return single[parts[0]];
  }
  if (parts[0] === "standaarden" && parts.length === 2) return { page: "standard", id: parts[1] };
  if (parts[0] === "kompas" && parts.length === 2) return { page: "kompasVersion", id: parts[1] };
  return { page: "missing" };
}
