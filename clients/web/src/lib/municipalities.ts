// Every municipality kompasd knows (CBS list), loaded once per page visit
// for filters and pickers.
import { communities } from "./api";
import type { Municipality } from "../gen/kompas/v1/community_pb";

let loaded: Promise<Municipality[]> | null = null;

export function allMunicipalities(): Promise<Municipality[]> {
  loaded ??= (async () => {
    const all: Municipality[] = [];
    let pageToken = "";
    do {
      const r = await communities.listMunicipalities({ pageSize: 200, pageToken });
      all.push(...r.municipalities);
      pageToken = r.nextPageToken;
    } while (pageToken);
    return all.sort((a, b) => a.displayName.localeCompare(b.displayName, "nl"));
  })();
  loaded.catch(() => (loaded = null));
  return loaded;
}
