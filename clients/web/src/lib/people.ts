// Who and where, for pages that name members and municipalities: a member's
// pseudonym and municipality, a municipality's name. Loaded once per page
// visit from ListMembers and ListMunicipalities.
import { communities } from "./api";
import { allMunicipalities } from "./municipalities";
import { everyPage } from "./paging";
import type { Member } from "../gen/kompas/v1/community_pb";

export interface People {
  // `communities/c/members/m` → the member (pseudonym, municipality).
  members: Map<string, Member>;
  // `municipalities/GM0479` → "Zaanstad".
  places: Map<string, string>;
}

export async function loadPeople(community: string): Promise<People> {
  const [members, municipalities] = await Promise.all([
    everyPage(async (pageToken) => {
      const page = await communities.listMembers({ parent: community, pageSize: 200, pageToken });
      return { items: page.members, next: page.nextPageToken };
    }),
    allMunicipalities(),
  ]);
  return {
    members: new Map(members.map((m) => [m.name, m])),
    places: new Map(municipalities.map((m) => [m.name, m.displayName])),
  };
}

// For pages that name people: they show ids until the names are known, and
// keep showing them if the names cannot be loaded.
export function whenPeopleKnown(community: string, use: (people: People) => void): void {
  loadPeople(community)
    .then(use)
    .catch(() => {});
}

export function placeName(people: People | null, municipality: string): string {
  return people?.places.get(municipality) || municipality.replace(/^municipalities\//, "");
}

export function memberName(people: People | null, member: string): string {
  return people?.members.get(member)?.displayName || member.slice(member.lastIndexOf("/") + 1);
}

// "Wijkcoach Zaanstad (Zaanstad)": the pseudonym with the municipality.
export function memberWithPlace(people: People | null, member: string): string {
  const m = people?.members.get(member);
  const place = m ? placeName(people, m.municipality) : "";
  const name = memberName(people, member);
  return place && !name.includes(place) ? `${name} (${place})` : name;
}
