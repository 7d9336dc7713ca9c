// A list a page shows from a paged List… call: the items, whether there is
// more, whether it is loading, and the sentence to show when it failed.
// Only the newest answer is shown: a filter changed while the first page
// still loads never lets the older, slower answer replace the newer one.
import { explain } from "./errors";
import type { Page } from "./paging";
import { newestOnly } from "./wait";

export class Listing<T> {
  items = $state<T[]>([]);
  next = $state("");
  loading = $state(false);
  error = $state("");
  readonly #ask = newestOnly();
  readonly #fetch: (pageToken: string) => Promise<Page<T>>;

  constructor(fetch: (pageToken: string) => Promise<Page<T>>) {
    this.#fetch = fetch;
  }

  // The first page again (the filters changed), or with `more` the next page
  // added below what is shown.
  load(more = false): Promise<void> {
    return this.#show(more ? this.next : "", more);
  }

  // One page instead of what is shown (paging back and forth).
  open(pageToken: string): Promise<void> {
    return this.#show(pageToken, false);
  }

  async #show(pageToken: string, append: boolean): Promise<void> {
    const current = this.#ask();
    this.loading = true;
    this.error = "";
    try {
      const page = await this.#fetch(pageToken);
      if (!current()) return;
      this.items = append ? [...this.items, ...page.items] : page.items;
      this.next = page.next;
    } catch (e) {
      if (!current()) return;
      // A refused filter says which one; anything else gets its sentence.
      const refusal = explain(e);
      this.error = [...refusal.fields.values()][0] ?? refusal.sentence;
      if (!append) {
        this.items = [];
        this.next = "";
      }
    } finally {
      if (current()) this.loading = false;
    }
  }
}

