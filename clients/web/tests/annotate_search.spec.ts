// Annotations follow their words and are never hidden when the words go;
// search finds a case by another form of its words, and filters narrow it.
import { readFileSync } from "node:fs";
import { test, expect, signIn, call, expectAccessible, screenshot } from "./kompasd";

const parent = "communities/wijkteams";

test("an annotation follows its quote, then shows as orphaned; it downloads as W3C JSON-LD", async ({
  page,
  kompasd,
}) => {
  const created = await call(kompasd, "anna-zaanstad", "CaseService/CreateCase", {
    parent,
    case: {
      title: "Buurvrouw vraagt naar de thuissituatie",
      situation: "De buurvrouw belt het wijkteam. Ze wil weten of het gezin hulp krijgt.",
      question: "Wat mag ik zeggen?",
      status: "CASE_STATUS_OPEN",
    },
  });
  const id = created.name.split("/").pop();
  await signIn(page, kompasd, "eva-amsterdam");
  await page.goto(`/casus/${id}`);

  // She selects words in the situation and makes a note of them.
  await expect(page.locator('[data-annotate-field="situation"]')).toBeVisible();
  await page.evaluate(() => {
    const holder = document.querySelector('[data-annotate-field="situation"]')!;
    const walker = document.createTreeWalker(holder, NodeFilter.SHOW_TEXT);
    let text = walker.nextNode()!;
    while (!text.textContent!.includes("hulp krijgt")) text = walker.nextNode()!;
    const at = text.textContent!.indexOf("hulp krijgt");
    const range = document.createRange();
    range.setStart(text, at);
    range.setEnd(text, at + "hulp krijgt".length);
    document.getSelection()!.removeAllRanges();
    document.getSelection()!.addRange(range);
  });
  await page.getByRole("button", { name: "Aantekening maken" }).click();
  const form = page.getByRole("form", { name: "Aantekening maken" });
  await expect(form.getByLabel("Bij welk deel").locator("option:checked")).toHaveText("Situatie");
  await expect(form.getByLabel("De woorden")).toHaveValue("hulp krijgt");
  await form.getByLabel("Je aantekening").fill("Of iemand hulp krijgt is zelf al een gegeven over die persoon.");
  await form.getByLabel(/Labels/).fill("doelbinding, buren");
  await form.getByRole("button", { name: "Aantekening opslaan" }).click();
  const mark = page.locator('[data-annotate-field="situation"] mark.note');
  await expect(mark).toHaveText("hulp krijgt");
  await expect(page.locator(".margin-note")).toContainText("Of iemand hulp krijgt is zelf al een gegeven");
  await expectAccessible(page, "Casus met aantekening");
  await screenshot(page, "14-aantekening");

  // A keyboard user types the words instead of selecting them.
  await page.getByRole("button", { name: "Aantekening maken" }).focus();
  await page.keyboard.press("Enter");
  await page.getByLabel("Bij welk deel").selectOption({ label: "Vraag" });
  await page.getByLabel("De woorden").fill("niet in de tekst");
  await page.getByLabel("Je aantekening").fill("Deze woorden staan er niet.");
  await page.getByRole("button", { name: "Aantekening opslaan" }).click();
  await expect(page.locator(".field-error")).toBeVisible();
  await page.getByRole("button", { name: "Annuleren" }).click();

  // The author edits the text: the words move; the note follows them.
  const edit = async (situation: string) => {
    const current = await call(kompasd, "anna-zaanstad", "CaseService/GetCase", { name: created.name });
    await call(kompasd, "anna-zaanstad", "CaseService/UpdateCase", {
      case: { name: created.name, situation, etag: current.etag },
      updateMask: "situation",
    });
  };
  await edit("Gisteren belde de buurvrouw. Ze wil weten of het gezin hulp krijgt van ons.");
  await page.reload();
  await expect(mark).toHaveText("hulp krijgt");

  // Then the words go: the note is listed apart with its last quote.
  await edit("Gisteren belde de buurvrouw met een vraag over het gezin.");
  await page.reload();
  await expect(mark).toHaveCount(0);
  const orphans = page.locator(".orphans");
  await expect(page.getByRole("heading", { name: /woorden niet meer in de tekst staan/ })).toBeVisible();
  await expect(orphans).toContainText("hulp krijgt");
  await expect(orphans).toContainText("Of iemand hulp krijgt");

  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("link", { name: /Download \(W3C JSON-LD\)/ }).click(),
  ]);
  const annotations = JSON.parse(readFileSync(await download.path(), "utf8"));
  expect(annotations).toHaveLength(1);
  expect(annotations[0]["@context"]).toBe("http://www.w3.org/ns/anno.jsonld");
  expect(annotations[0].type).toBe("Annotation");
  expect(annotations[0].target.source).toBe(created.name);
  expect(annotations[0].target.selector[0]).toMatchObject({ type: "TextQuoteSelector", exact: "hulp krijgt" });
  expect(annotations[0].target["kompas:state"]).toBe("orphaned");
  expect(annotations[0].body).toContainEqual({ type: "TextualBody", value: "buren", format: "text/plain", purpose: "tagging" });
});

test("words in a reflection get an annotation in its margin", async ({ page, kompasd }) => {
  const list = await call(kompasd, "anna-zaanstad", "CaseService/ListCases", { parent, status: "CASE_STATUS_OPEN" });
  const item = list.cases[0];
  await call(kompasd, "bram-enschede", "CaseService/CreateReflection", {
    parent: item.name,
    reflection: { kind: "REFLECTION_KIND_EXPERIENCE", text: "Bij ons vragen we altijd eerst de ouders om toestemming." },
  });
  await signIn(page, kompasd, "eva-amsterdam");
  await page.goto(`/casus/${item.name.split("/").pop()}`);
  const reflection = page.locator(".reflection", { hasText: "eerst de ouders om toestemming" });
  await expect(reflection).toBeVisible();
  // By keyboard: the reflection is one of the parts she can choose.
  await page.getByRole("button", { name: "Aantekening maken" }).click();
  // Bram's is the last reflection of the case.
  const parts = await page.getByLabel("Bij welk deel").locator("option").allTextContents();
  await page.getByLabel("Bij welk deel").selectOption({ label: parts.at(-1)! });
  expect(parts.at(-1)).toMatch(/^Inbreng \d+ \(ervaring\)$/);
  await page.getByLabel("De woorden").fill("eerst de ouders");
  await page.getByLabel("Je aantekening").fill("Zo doen wij het ook.");
  await page.getByRole("button", { name: "Aantekening opslaan" }).click();
  await expect(reflection.locator("mark.note")).toHaveText("eerst de ouders");
  await expect(reflection.locator(".margin-note")).toContainText("Zo doen wij het ook.");
  await page.reload();
  await expect(reflection.locator("mark.note")).toHaveText("eerst de ouders");
});

test("words of a standard get an annotation", async ({ page, kompasd }) => {
  const list = await call(kompasd, "anna-zaanstad", "StandardService/ListStandards", { parent });
  const standard = list.standards[0];
  const words = standard.content.statement.split(" ").slice(0, 2).join(" ");
  await signIn(page, kompasd, "eva-amsterdam");
  await page.goto(`/standaarden/${standard.name.split("/").pop()}`);
  await page.getByRole("button", { name: "Aantekening maken" }).click();
  await page.getByLabel("Bij welk deel").selectOption({ label: "De standaard" });
  await page.getByLabel("De woorden").fill(words);
  await page.getByLabel("Je aantekening").fill("Hoe past dit bij een spoedmelding?");
  await page.getByRole("button", { name: "Aantekening opslaan" }).click();
  await expect(page.locator('[data-annotate-field="content.statement"] mark.note')).toHaveText(words);
  await expect(page.locator(".margin-note")).toContainText("Hoe past dit bij een spoedmelding?");
  await expectAccessible(page, "Standaard met aantekening");
});

test("search finds a case by another form of its words; filters narrow it", async ({ page, kompasd }) => {
  await call(kompasd, "anna-zaanstad", "CaseService/CreateCase", {
    parent,
    case: {
      title: "Verhuurder vraagt om betalingsachterstanden",
      situation: "De verhuurder wil weten welke betalingsachterstand het gezin heeft bij de woningcorporatie.",
      question: "Mogen we de verhuurder iets vertellen?",
      themes: ["schulden"],
      status: "CASE_STATUS_OPEN",
    },
  });
  await signIn(page, kompasd, "eva-amsterdam");
  await page.getByRole("searchbox", { name: /Zoek in casussen/ }).fill("verhuurders");
  await page.keyboard.press("Enter");
  await expect(page.getByRole("heading", { name: "Zoeken naar \u201cverhuurders\u201d" })).toBeFocused();
  const results = page.getByRole("list", { name: "Zoekresultaten" });
  const hit = results.getByRole("link", { name: "Verhuurder vraagt om betalingsachterstanden" });
  await expect(hit).toBeVisible();
  // The matching words are marked in the snippet.
  await expect(results.locator("mark").first()).toHaveText(/verhuurder/i);
  await expectAccessible(page, "Zoeken");
  await screenshot(page, "15-zoeken");

  // Only standards: the case is gone. Cases with theme "schulden": it is back.
  await page.getByRole("checkbox", { name: "Standaarden" }).check();
  await page.getByRole("button", { name: "Filteren" }).click();
  await expect(hit).toHaveCount(0);
  await page.getByRole("checkbox", { name: "Standaarden" }).uncheck();
  await page.getByRole("checkbox", { name: "Casussen" }).check();
  await page.getByLabel("Thema").fill("schulden");
  await page.getByRole("button", { name: "Filteren" }).click();
  await expect(hit).toBeVisible();
  // A status it does not have: gone.
  await page.getByLabel("Status van de casus").selectOption({ label: "afgerond" });
  await page.getByRole("button", { name: "Filteren" }).click();
  await expect(page.getByText("Niets gevonden.")).toBeVisible();

  // On the case page: cases that look like it, and the standards that apply.
  await page.getByLabel("Status van de casus").selectOption({ label: "Alle" });
  await page.getByRole("button", { name: "Filteren" }).click();
  await hit.click();
  await expect(page.getByRole("heading", { name: "Lijkt op" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Welke standaarden gelden" })).toBeVisible();
});
