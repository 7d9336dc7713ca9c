// Every municipality kompasd knows (CBS list), loaded once per page visit
// for filters and pickers.
import { communities } from "./api";
import type { Municipality } from "../gen/kompas/v1/community_pb";
import { everyPage } from "./paging";

let loaded: Promise<Municipality[]> | null = null;

export function allMunicipalities(): Promise<Municipality[]> {
  loaded ??= everyPage(async (pageToken) => {
    const r = await communities.listMunicipalities({ pageSize: 200, pageToken });
    return { items: r.municipalities, next: r.nextPageToken };
  }).then((all) => all.sort((a, b) => a.displayName.localeCompare(b.displayName, "nl")));
  loaded.catch(() => (loaded = null));
  return loaded;
}
