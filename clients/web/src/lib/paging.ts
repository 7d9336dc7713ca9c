// One page of a List… call, in the shape every list helper takes, and every
// page at once for lists that are short by nature (a community's members,
// the standards, a case's reflections).
export interface Page<T> {
  items: T[];
  next: string; // the next page's token; "" on the last page
}

export async function everyPage<T>(fetch: (pageToken: string) => Promise<Page<T>>): Promise<T[]> {
  const items: T[] = [];
  let pageToken = "";
  do {
    const page = await fetch(pageToken);
    items.push(...page.items);
    pageToken = page.next;
  } while (pageToken);
  return items;
}
