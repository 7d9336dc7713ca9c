// The write flow by keyboard alone, an edit conflict, refusals in Dutch next
// to their field, and the pages a bookmark or a typo can lead to.
import { test, expect, signIn, expectAccessible, screenshot, call, tabTo } from "./kompasd";

test("the write flow works with the keyboard alone", async ({ page, kompasd }) => {
  await page.goto("/");
  await tabTo(page, page.getByLabel("Persoonlijke code"));
  await page.keyboard.type(kompasd.token("eva-amsterdam"));
  await page.keyboard.press("Enter");
  await expect(page.getByRole("button", { name: "Afmelden" })).toBeVisible();

  await tabTo(page, page.getByRole("navigation").getByRole("link", { name: "Casus schrijven" }));
  await page.keyboard.press("Enter");
  const heading = page.getByRole("heading", { level: 1, name: "Casus schrijven" });
  await expect(heading).toBeFocused();

  await tabTo(page, page.getByLabel("Titel"));
  await page.keyboard.type("Buurvrouw vraagt naar een gezin");
  await tabTo(page, page.getByLabel("Situatie"));
  await page.keyboard.type("Mevrouw Jansen belde over het gezin naast haar.");
  const replace = page.getByRole("button", { name: "Vervang door [NAAM]" });
  await expect(replace).toBeVisible();
  await tabTo(page, replace);
  // The focus ring is visible on what the keyboard is on.
  const ring = await replace.evaluate((el) => getComputedStyle(el).outlineStyle);
  expect(ring).not.toBe("none");
  await screenshot(page, "6-toetsenbord-focus");
  await page.keyboard.press("Enter");
  await expect(page.getByLabel("Situatie")).toBeFocused();
  await expect(page.getByLabel("Situatie")).toHaveValue(/^(Mevrouw )?\[NAAM\] belde over het gezin/);

  await tabTo(page, page.getByRole("button", { name: "Deel met collega's" }));
  await page.keyboard.press("Enter");
  const title = page.getByRole("heading", { level: 1, name: "Buurvrouw vraagt naar een gezin" });
  await expect(title).toBeFocused();
  await expect(page.locator(".case-head .status")).toHaveText("gedeeld");
});

test("an edit conflict says so and shows the newer text", async ({ page, browser, kompasd }) => {
  const created = await call(kompasd, "anna-zaanstad", "CaseService/CreateCase", {
    parent: "communities/wijkteams",
    case: { title: "Huisarts belt over een gezin", situation: "Eerste versie.", status: "CASE_STATUS_OPEN" },
  });
  const id = created.name.split("/").pop();
  await signIn(page, kompasd, "anna-zaanstad");
  await page.goto(`/casus/${id}/bewerken`);
  await expect(page.getByLabel("Titel")).toHaveValue("Huisarts belt over een gezin");
  await expectAccessible(page, "Casus bewerken");

  // Meanwhile, in another window, she changes the title.
  const other = await page.context().newPage();
  await other.goto(`/casus/${id}/bewerken`);
  await other.getByLabel("Titel").fill("Huisarts belt over een gezin met zorgen");
  await expect(other.locator("#title-status")).toHaveText("Geen persoonsgegevens gevonden.");
  await other.getByRole("button", { name: "Wijzigingen opslaan" }).click();
  await expect(other.getByRole("heading", { level: 1 })).toHaveText("Huisarts belt over een gezin met zorgen");
  await other.close();

  await page.getByLabel("Situatie").fill("Tweede versie, in het eerste venster.");
  await expect(page.locator("#situation-status")).toHaveText("Geen persoonsgegevens gevonden.");
  await page.getByRole("button", { name: "Wijzigingen opslaan" }).click();
  const conflict = page.getByRole("region", { name: "Iemand anders heeft deze casus intussen gewijzigd" });
  await expect(conflict).toBeVisible();
  await expect(conflict).toContainText("Huisarts belt over een gezin met zorgen");
  await expect(page.getByRole("alert")).toContainText("Iemand anders heeft dit intussen gewijzigd");
  await expectAccessible(page, "Casus bewerken met conflict");
  await screenshot(page, "7-conflict");

  // Keeping her version saves it on top of the newer one, knowingly.
  await conflict.getByRole("button", { name: "Houd mijn versie" }).click();
  await page.getByRole("button", { name: "Wijzigingen opslaan" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await expect(page.locator('[data-annotate-field="situation"]')).toHaveText("Tweede versie, in het eerste venster.");
});

test("a refused field is explained in Dutch next to it", async ({ page, kompasd }) => {
  await signIn(page, kompasd, "anna-zaanstad");
  await page.goto("/schrijven");
  await page.getByLabel("Titel").fill("Thema met een verkeerd teken");
  await page.getByLabel("Thema's").fill("toestemming, zorg & veiligheid");
  await page.getByRole("button", { name: "Opslaan als concept" }).click();
  const summary = page.locator("#error-summary");
  await expect(summary).toBeFocused();
  await expect(summary).toContainText("Niet alles is goed ingevuld");
  await expect(page.locator(".field", { has: page.getByLabel("Thema's") })).toContainText(
    "Thema 2 heeft niet de goede vorm",
  );
  // Never the server's English or a code.
  const text = await page.locator("main").innerText();
  expect(text).not.toMatch(/INVALID_ARGUMENT|invalid_argument|must be|lowercase/);
  await expectAccessible(page, "Casus schrijven met een fout");
  await screenshot(page, "8-veldfout");
  // A screen reader hears the error on the field; the summary's line leads
  // the keyboard to it.
  const themes = page.getByLabel("Thema's");
  await expect(themes).toHaveAttribute("aria-invalid", "true");
  await expect(themes).toHaveAccessibleDescription(/Thema 2 heeft niet de goede vorm/);
  await summary.getByRole("link", { name: /Thema 2 heeft niet de goede vorm/ }).focus();
  await page.keyboard.press("Enter");
  await expect(themes).toBeFocused();
});

test("a bookmarked case and an unknown address", async ({ page, kompasd }) => {
  await signIn(page, kompasd, "anna-zaanstad");
  const list = await call(kompasd, "anna-zaanstad", "CaseService/ListCases", {
    parent: "communities/wijkteams",
    status: "CASE_STATUS_OPEN",
  });
  const first = list.cases[0];
  const id = first.name.split("/").pop();
  await page.goto(`/casus/${id}`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(first.title);
  await page.reload();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(first.title);

  await page.goto("/casus/bestaat-niet");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Casus niet gevonden");
  await expect(page.getByRole("alert")).toContainText("bestaat niet (meer)");
  await expectAccessible(page, "Casus niet gevonden");

  await page.goto("/iets/anders");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Deze pagina bestaat niet");
  await expectAccessible(page, "Onbekende pagina");
});

test("an ended session asks to sign in again and keeps what she wrote", async ({ page, kompasd }) => {
  await signIn(page, kompasd, "anna-zaanstad");
  await page.getByRole("navigation").getByRole("link", { name: "Casus schrijven" }).click();
  await page.getByLabel("Titel").fill("Een casus die blijft staan");
  await expect(page.locator("#save-status")).toContainText("Concept opgeslagen om");

  // She signs out in another tab (the same browser session ends).
  const other = await page.context().newPage();
  await other.goto("/");
  await other.getByRole("button", { name: "Afmelden" }).click();
  await expect(other.getByRole("heading", { level: 1, name: "Aanmelden" })).toBeVisible();
  await other.close();

  await page.getByLabel("Situatie").fill("Wat ik schreef terwijl ik was afgemeld.");
  const dialog = page.getByRole("dialog", { name: "Meld je opnieuw aan" });
  await expect(dialog).toBeVisible();
  await expectAccessible(page, "Opnieuw aanmelden");
  await screenshot(page, "9-opnieuw-aanmelden");
  await dialog.getByLabel("Persoonlijke code").fill(kompasd.token("anna-zaanstad"));
  await dialog.getByRole("button", { name: "Aanmelden" }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByLabel("Situatie")).toHaveValue("Wat ik schreef terwijl ik was afgemeld.");
  await expect(page.locator("#save-status")).toContainText("Concept opgeslagen om");
  const saved = await call(kompasd, "anna-zaanstad", "CaseService/ListCases", {
    parent: "communities/wijkteams",
    status: "CASE_STATUS_DRAFT",
  });
  expect(saved.cases.map((c: { situation: string }) => c.situation)).toContain(
    "Wat ik schreef terwijl ik was afgemeld.",
  );

  // "Casus schrijven" again starts a new, empty case.
  await page.getByRole("navigation").getByRole("link", { name: "Casus schrijven" }).click();
  await expect(page).toHaveURL(/\/schrijven$/);
  await expect(page.getByLabel("Titel")).toHaveValue("");
});
